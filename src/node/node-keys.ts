/**
 * The key files a node reads from its `keys_dir` (written by `tandem keys generate`): the p2p key
 * always, the consensus key for a validator. A full node signs nothing: it gets a throwaway key
 * that is in no validator set, with its last-signed record in memory.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Ed25519Signer, loadKey, Ed25519Signer as Signer, TandemError } from '../common/index.js';
import { ChainContexts, MemoryRecordStore, PrivValidator, type RecordStore } from '../consensus/bft/index.js';
import { NodeError } from './errors.js';
import type { RegistrationKeys } from './registration.js';

function readKey(dir: string, name: string): Ed25519Signer {
  const path = join(dir, `${name}.pem`);
  if (!existsSync(path)) {
    throw new NodeError(NodeError.KEYS, `${path} is missing (create keys with \`tandem keys generate\`)`);
  }
  try {
    return loadKey(path);
  } catch (e) {
    const why = e instanceof TandemError || e instanceof Error ? e.message : String(e);
    throw new NodeError(NodeError.KEYS, `${path}: ${why}`);
  }
}

/** The node's p2p key. */
export function loadP2pKey(keysDir: string): Ed25519Signer {
  return readKey(keysDir, 'p2p');
}

/** The signer of the driver: the consensus key of a validator, a throwaway key for a full node. */
export function privValidator(
  role: 'validator' | 'full',
  keysDir: string,
  signState: RecordStore,
  chainId: string,
): PrivValidator {
  const ctx = new ChainContexts(chainId);
  if (role === 'full') return new PrivValidator(Signer.generate(), new MemoryRecordStore(), ctx);
  return new PrivValidator(readKey(keysDir, 'consensus'), signState, ctx);
}

/**
 * The five keys a registered node renews its descriptor with (identity, consensus, p2p, tls, vrf),
 * or undefined when one is missing (the node then does not renew; see registration.ts).
 */
export function loadRegistrationKeys(keysDir: string): RegistrationKeys | undefined {
  const names = ['identity', 'consensus', 'p2p', 'tls', 'vrf'] as const;
  if (!names.every((n) => existsSync(join(keysDir, `${n}.pem`)))) return undefined;
  const [identity, consensus, p2p, tls, vrf] = names.map((n) => readKey(keysDir, n)) as [
    Ed25519Signer,
    Ed25519Signer,
    Ed25519Signer,
    Ed25519Signer,
    Ed25519Signer,
  ];
  return { identity, consensus, p2p, tls, vrf };
}
