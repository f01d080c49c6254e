/**
 * The domain hash of a height (docs/state.md):
 * `H("tandem/consensus: domain hash" ‖ domain ‖ u64be(height) ‖ parent domain hash ‖ state root ‖
 * receipts root ‖ VED set hash)`, where domain is one byte (0 VED, 1 UED) and the receipts root is
 * the root of an in-memory MKVS tree mapping each executed transaction's hash to its canonical
 * receipt (the empty hash when the domain executed none). It commits to the state, to every
 * outcome, to the shared VED set used for classification and, through the parent, to history.
 */
import { compareBytes, concatBytes, context, hash, u64be, utf8 } from '../../common/index.js';
import { sortedRoot, Tree } from '../../mkvs/index.js';
import type { DomainId } from '../service.js';
import { encodeReceipt, type Receipt } from '../tx/receipt.js';

/** A receipt with the hash of its transaction. */
export interface TxReceipt {
  readonly txHash: Uint8Array;
  readonly receipt: Receipt;
}

/**
 * MKVS root over tx hash → canonical receipt. Transaction hashes all have one length, so the root
 * comes straight from the sorted entries ({@link sortedRoot}); the tree is built only if the same
 * hash appears twice (the later receipt then replaces the earlier, as a tree insert does).
 * `encoded`, when given, holds each receipt's canonical bytes (the executor wrote them already).
 */
export async function receiptsRoot(
  receipts: readonly TxReceipt[],
  encoded?: readonly Uint8Array[],
): Promise<Uint8Array> {
  const entries = receipts.map((r, i) => ({
    key: r.txHash,
    value: encoded?.[i] ?? encodeReceipt(r.receipt),
    lead: leadOf(r.txHash),
  }));
  const direct = sortedRoot([...entries].sort(byKey));
  if (direct !== undefined) return direct;
  const t = new Tree();
  for (const e of entries) await t.insert(e.key, e.value);
  return t.rootHash();
}

/**
 * The key's first 30 bits as a small integer (no heap number, unlike six bytes): hashes nearly
 * always differ there, so the sort compares integers and reads the bytes only on a tie.
 */
function leadOf(k: Uint8Array): number {
  if (k.length < 4) return (((k[0] ?? 0) << 22) | ((k[1] ?? 0) << 14) | ((k[2] ?? 0) << 6)) >>> 0;
  return (k[0]! << 22) | (k[1]! << 14) | (k[2]! << 6) | (k[3]! >>> 2);
}

/** Bytewise key order ({@link leadOf} first; equal leads fall back to the bytes). */
function byKey(a: { key: Uint8Array; lead: number }, b: { key: Uint8Array; lead: number }): number {
  return a.lead - b.lead || compareBytes(a.key, b.key);
}

/** The parts a domain hash commits to. */
export interface DomainHashParts {
  readonly domain: DomainId;
  readonly height: bigint;
  readonly parentHash: Uint8Array;
  readonly stateRoot: Uint8Array;
  readonly receiptsRoot: Uint8Array;
  readonly vedSetHash: Uint8Array;
}

/** The domain hash (see the module header). */
export function domainHash(p: DomainHashParts): Uint8Array {
  return hash(
    concatBytes(
      utf8(context('consensus', 'domain hash')),
      Uint8Array.of(p.domain === 'ved' ? 0 : 1),
      u64be(p.height),
      p.parentHash,
      p.stateRoot,
      p.receiptsRoot,
      p.vedSetHash,
    ),
  );
}

/** The namespace a domain's tree commits under: H("tandem/consensus: <domain> state" ‖ chain context). */
export function domainNamespace(domain: DomainId, chainContext: string): Uint8Array {
  return hash(utf8(`${context('consensus', `${domain} state`)} ${chainContext}`));
}
