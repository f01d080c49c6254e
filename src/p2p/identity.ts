/**
 * The node's p2p identity is its registered Ed25519 p2p key: the 32-byte seed becomes the libp2p
 * private key, and the public key becomes the peer id (an identity multihash of the key, so the key
 * can be read back from the peer id without any lookup).
 */
import './polyfill.js';
import { generateKeyPairFromSeed, publicKeyFromRaw } from '@libp2p/crypto/keys';
import type { Ed25519PublicKey, PrivateKey } from '@libp2p/interface';
import { peerIdFromPublicKey, peerIdFromString } from '@libp2p/peer-id';
import { SEED_SIZE } from '../common/index.js';
import { P2pError } from './errors.js';

/** The peer id string (`12D3KooW…`) of the node whose registered p2p public key is `pub`. */
export function peerIdFromP2pKey(pub: Uint8Array): string {
  if (pub.length !== 32) throw new P2pError(P2pError.INVALID_CONFIG, 'p2p public key must be 32 bytes');
  try {
    // @libp2p/crypto carries its own copy of the interface types; the objects are the same.
    return peerIdFromPublicKey(publicKeyFromRaw(pub) as unknown as Ed25519PublicKey).toString();
  } catch (e) {
    throw new P2pError(P2pError.INVALID_CONFIG, 'p2p public key is not an Ed25519 key', {
      reason: (e as Error).message,
    });
  }
}

/** The libp2p private key of a p2p key seed. */
export async function libp2pKeyFromSeed(seed: Uint8Array): Promise<PrivateKey> {
  if (seed.length !== SEED_SIZE) throw new P2pError(P2pError.INVALID_CONFIG, 'p2p key seed must be 32 bytes');
  return (await generateKeyPairFromSeed('Ed25519', seed)) as unknown as PrivateKey;
}

/**
 * The raw Ed25519 public key a peer id names, or undefined for a peer id that is malformed or of
 * another key type (such peers are never registered).
 */
export function p2pKeyOfPeer(peer: string): Uint8Array | undefined {
  try {
    const id = peerIdFromString(peer);
    if (id.type !== 'Ed25519') return undefined;
    return id.publicKey.raw;
  } catch {
    return undefined;
  }
}
