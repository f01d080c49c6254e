/**
 * A node's key set: identity (signs registrations, names the node), consensus (signs votes and
 * proposals), p2p (libp2p identity) and vrf (beacon proofs); all Ed25519. Each lives in its own
 * file `<name>.pem` (mode 0600, directory 0700) holding seed ‖ public key, as Oasis stores keys.
 * Loading refuses files readable by group or others, and checks the stored public key.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addressFromPublicKey, addressToString } from '../address.js';
import { bytesEqual, concatBytes } from '../bytes.js';
import { Ed25519Signer } from '../crypto/ed25519.js';
import { CommonError } from '../errors.js';
import { toHex } from '../hex.js';
import { decodePem, encodePem } from './pem.js';

export const KEY_NAMES = ['identity', 'consensus', 'p2p', 'vrf'] as const;
export type KeyName = (typeof KEY_NAMES)[number];
const PEM_TYPE = 'ED25519 PRIVATE KEY';

/** The loaded key set of a node. */
export type NodeKeys = Record<KeyName, Ed25519Signer>;

/** Generate a fresh key set. */
export function generateNodeKeys(): NodeKeys {
  return {
    identity: Ed25519Signer.generate(),
    consensus: Ed25519Signer.generate(),
    p2p: Ed25519Signer.generate(),
    vrf: Ed25519Signer.generate(),
  };
}

/** Write one key file with owner-only permissions; refuses to overwrite unless `force`. */
export function saveKey(path: string, signer: Ed25519Signer, force = false): void {
  if (existsSync(path) && !force) throw new CommonError(CommonError.KEY_FILE, `key file exists: ${path}`);
  const body = encodePem(PEM_TYPE, concatBytes(signer.exportSeed(), signer.publicKey));
  writeFileSync(path, body, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** Load one key file, checking permissions and the stored public key. */
export function loadKey(path: string): Ed25519Signer {
  if (!existsSync(path)) throw new CommonError(CommonError.KEY_FILE, `key file missing: ${path}`);
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new CommonError(
      CommonError.KEY_FILE,
      `key file ${path} is accessible by group or others (mode ${mode.toString(8)}); chmod 600 it`,
    );
  }
  const raw = decodePem(PEM_TYPE, readFileSync(path, 'utf8'));
  if (raw.length !== 64) throw new CommonError(CommonError.KEY_FILE, `key file ${path}: expected 64 bytes`);
  const signer = Ed25519Signer.fromSeed(raw.subarray(0, 32));
  if (!bytesEqual(signer.publicKey, raw.subarray(32))) {
    throw new CommonError(CommonError.KEY_FILE, `key file ${path}: public key does not match the seed`);
  }
  return signer;
}

/** Create `dir` (0700) and write a new key set into it. */
export function writeNodeKeys(dir: string, keys: NodeKeys = generateNodeKeys(), force = false): NodeKeys {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const name of KEY_NAMES) saveKey(join(dir, `${name}.pem`), keys[name], force);
  return keys;
}

/** Load the key set from `dir`. */
export function loadNodeKeys(dir: string): NodeKeys {
  const out: Partial<NodeKeys> = {};
  for (const name of KEY_NAMES) out[name] = loadKey(join(dir, `${name}.pem`));
  return out as NodeKeys;
}

/** Public summary of a key set (safe to print and log). */
export function describeNodeKeys(keys: NodeKeys): Record<KeyName, string> & { address: string } {
  return {
    identity: toHex(keys.identity.publicKey),
    consensus: toHex(keys.consensus.publicKey),
    p2p: toHex(keys.p2p.publicKey),
    vrf: toHex(keys.vrf.publicKey),
    address: addressToString(addressFromPublicKey(keys.identity.publicKey)),
  };
}
