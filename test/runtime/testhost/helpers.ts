/** Shared helpers of the test host tests: example bundles, signers, transaction builders. */
import { join } from 'node:path';
import {
  addressFromPublicKey,
  decodeChecked,
  Ed25519Signer,
  encodeCanonical,
} from '../../../src/common/index.js';
import { signTx } from '../../../src/runtime/sdk/index.js';
import {
  batchOutcomes,
  type LocalHostOptions,
  LocalRuntimeHost,
} from '../../../src/runtime/testhost/index.js';

/** Root of the repository (tests run from dist/test/...). */
export const REPO = join(import.meta.dirname, '..', '..', '..', '..');
/** Bundle directory of an example runtime. */
export function exampleBundle(name: 'kv' | 'token'): string {
  return join(REPO, 'examples', 'runtimes', name, 'bundle');
}

/** Both ways of running a runtime. */
export const MODES = ['sandboxed', 'unconfined'] as const;

/** Open a local host on an example bundle. */
export function openExample(
  name: 'kv' | 'token',
  mode: (typeof MODES)[number],
  over: Partial<LocalHostOptions> = {},
): Promise<LocalRuntimeHost> {
  return LocalRuntimeHost.open({
    bundleDir: exampleBundle(name),
    unconfined: mode === 'unconfined',
    ...over,
  });
}

/** A deterministic signer from a one-byte seed. */
export function signer(n: number): Ed25519Signer {
  return Ed25519Signer.fromSeed(new Uint8Array(32).fill(n));
}

/** Address of {@link signer}(n). */
export function addr(n: number): Uint8Array {
  return addressFromPublicKey(signer(n).publicKey);
}

/** Build a signed transaction for `host`'s runtime. */
export function makeTx(
  host: LocalRuntimeHost,
  s: Ed25519Signer,
  nonce: bigint,
  method: string,
  body: unknown,
): Uint8Array {
  return signTx(s, { runtimeId: host.runtimeId, chainContext: host.chainContext }, { nonce, method, body });
}

/** Run a query with CBOR args and decode its result. */
export async function query(host: LocalRuntimeHost, method: string, args: unknown): Promise<unknown> {
  const data = await host.query(method, encodeCanonical(args));
  return decodeChecked(data);
}

/** Execute a batch and return the decoded outputs. */
export async function run(host: LocalRuntimeHost, txs: Uint8Array[]) {
  const out = await host.execute(txs);
  return { ...out, outcomes: batchOutcomes(out.response) };
}
