/** Helpers of the SDK tests: in-process hosts and an empty body codec. */
import { CborError, type Codec } from '../../../src/common/index.js';
import type { RuntimeDefinition } from '../../../src/runtime/sdk/index.js';
import {
  InProcessProvisioner,
  inProcessBundle,
  LocalRuntimeHost,
} from '../../../src/runtime/testhost/index.js';

/** A body that must be CBOR null (or absent). */
export const emptyBody: Codec<null> = {
  name: 'Empty',
  toCbor: () => null,
  fromCbor: (v, path) => {
    if (v !== null) throw new CborError(CborError.SCHEMA, `${path}: expected null`);
    return null;
  },
};

/** A local host running `def` in this process, state in memory. */
export function openInProcess(def: RuntimeDefinition, maxMessages?: number): Promise<LocalRuntimeHost> {
  return LocalRuntimeHost.open({
    bundle: inProcessBundle(def),
    provisioner: new InProcessProvisioner(def),
    ...(maxMessages === undefined ? {} : { maxMessages }),
  });
}
