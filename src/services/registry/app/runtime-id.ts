/** Runtime id flags (RT-3): reserved bits refused, test runtimes gated, key-manager flag = kind. */
import { CommonError, namespaceFlags } from '../../../common/index.js';
import { RegistryError, type RegistryParams, RUNTIME_KIND_KEY_MANAGER } from '../api/index.js';

/** Check a runtime id against its kind and the registry parameters. */
export function checkRuntimeId(id: Uint8Array, kind: number, params: RegistryParams): void {
  let flags: { test: boolean; keyManager: boolean };
  try {
    flags = namespaceFlags(id);
  } catch (e) {
    if (!(e instanceof CommonError)) throw e;
    throw new RegistryError(RegistryError.INVALID_RUNTIME_ID, `registry: runtime id: ${e.message}`);
  }
  if (flags.test && !params.allow_test_runtimes) {
    throw new RegistryError(
      RegistryError.TEST_RUNTIME_NOT_ALLOWED,
      'registry: test runtimes are not allowed',
    );
  }
  if (flags.keyManager !== (kind === RUNTIME_KIND_KEY_MANAGER)) {
    throw new RegistryError(
      RegistryError.INVALID_RUNTIME_ID,
      'registry: key-manager flag does not match the runtime kind',
    );
  }
}
