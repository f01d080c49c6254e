/**
 * Fixed-layout encoders for the consensus objects every node encodes at every height: headers
 * (block ids), commits, blocks, evidence and proposal bodies. They produce exactly the canonical
 * CBOR of the schema codecs in `messages.ts` (tests compare the two on edge and random values),
 * but write keys in a fixed canonical order and splice the vote bodies a node has already encoded
 * (their signed bytes) instead of building and sorting a generic value tree.
 */
import { CborWriter, textKey } from './cbor-writer.js';
import {
  type Block,
  type Commit,
  type Evidence,
  type Header,
  MAX_EVIDENCE,
  MAX_TX_BYTES,
  MAX_TXS,
  MAX_VALIDATORS,
  type ProposalBody,
  type Vote,
  type VoteBody,
} from './messages.js';
import { encodeVoteBody } from './vote-bytes.js';

/** Supplies the canonical encoding of a vote body (a node passes its memoized sign bytes). */
export type VoteBodyBytes = (b: VoteBody) => Uint8Array;
/** Supplies the canonical encoding of a commit (a node passes its memoized commit bytes). */
export type CommitBytes = (c: Commit) => Uint8Array;

const K = (s: string) => textKey(s);
// Keys of each map in canonical order: by encoded length, then bytewise.
const HEADER_KEYS = [
  'time',
  'height',
  'chain_id',
  'proposer',
  'txs_hash',
  'ved_hash',
  'evidence_hash',
  'last_block_hash',
  'validators_hash',
  'last_commit_hash',
].map(K);
const [K_BODY, K_SIGNATURE] = ['body', 'signature'].map(K) as [Uint8Array, Uint8Array];
const [K_ROUND, K_VOTES, K_HEIGHT, K_BLOCK_HASH] = ['round', 'votes', 'height', 'block_hash'].map(K) as [
  Uint8Array,
  Uint8Array,
  Uint8Array,
  Uint8Array,
];
const [K_A, K_B, K_PUB_KEY] = ['a', 'b', 'pub_key'].map(K) as [Uint8Array, Uint8Array, Uint8Array];
const [K_TXS, K_HEADER, K_EVIDENCE, K_LAST_COMMIT] = ['txs', 'header', 'evidence', 'last_commit'].map(K) as [
  Uint8Array,
  Uint8Array,
  Uint8Array,
  Uint8Array,
];
const [K_PROPOSER, K_VALID_ROUND] = ['proposer', 'valid_round'].map(K) as [Uint8Array, Uint8Array];

function writeHeader(w: CborWriter, h: Header): void {
  const k = HEADER_KEYS;
  w.byte(0xaa); // map of 10
  w.raw(k[0]!).u64(h.time, 'header.time');
  w.raw(k[1]!).u64(h.height, 'header.height');
  w.raw(k[2]!).text(h.chain_id, 64, 'header.chain_id');
  w.raw(k[3]!).bytes(h.proposer, 'header.proposer', 32);
  w.raw(k[4]!).bytes(h.txs_hash, 'header.txs_hash', 32);
  w.raw(k[5]!).bytes(h.ved_hash, 'header.ved_hash', 32);
  w.raw(k[6]!).bytes(h.evidence_hash, 'header.evidence_hash', 32);
  w.raw(k[7]!).bytes(h.last_block_hash, 'header.last_block_hash', 32);
  w.raw(k[8]!).bytes(h.validators_hash, 'header.validators_hash', 32);
  w.raw(k[9]!).bytes(h.last_commit_hash, 'header.last_commit_hash', 32);
}

/** Canonical CBOR of a block header (what the block id hashes). */
export function encodeHeader(h: Header): Uint8Array {
  const w = new CborWriter(400 + h.chain_id.length * 3);
  writeHeader(w, h);
  return w.done();
}

function writeVote(w: CborWriter, v: Vote, body: VoteBodyBytes): void {
  w.byte(0xa2).raw(K_BODY).raw(body(v.body));
  w.raw(K_SIGNATURE).bytes(v.signature, 'vote.signature', 64);
}

/** Canonical CBOR of a vote (its body from `body`, by default encoded afresh). */
export function encodeVote(v: Vote, body: VoteBodyBytes = encodeVoteBody): Uint8Array {
  const w = new CborWriter(200 + v.body.extension.length);
  writeVote(w, v, body);
  return w.done();
}

/** Canonical CBOR of a commit; vote bodies come from `body` (by default encoded afresh). */
export function encodeCommit(c: Commit, body: VoteBodyBytes = encodeVoteBody): Uint8Array {
  const w = new CborWriter(64 + c.votes.length * 200);
  w.byte(0xa4);
  w.raw(K_ROUND).uint(c.round, 0xffffffff, 'commit.round');
  w.raw(K_VOTES).array(c.votes.length, MAX_VALIDATORS, 'commit.votes');
  for (const v of c.votes) writeVote(w, v, body);
  w.raw(K_HEIGHT).u64(c.height, 'commit.height');
  w.raw(K_BLOCK_HASH).bytes(c.block_hash, 'commit.block_hash', 32);
  return w.done();
}

function writeEvidence(w: CborWriter, e: Evidence, body: VoteBodyBytes): void {
  w.byte(0xa3);
  w.raw(K_A);
  writeVote(w, e.a, body);
  w.raw(K_B);
  writeVote(w, e.b, body);
  w.raw(K_PUB_KEY).bytes(e.pub_key, 'evidence.pub_key', 32);
}

/** Canonical CBOR of an evidence list (what the header's evidence hash covers when non-empty). */
export function encodeEvidenceList(
  list: readonly Evidence[],
  body: VoteBodyBytes = encodeVoteBody,
): Uint8Array {
  const w = new CborWriter(16 + list.length * 500);
  w.array(list.length, MAX_EVIDENCE, 'block.evidence');
  for (const e of list) writeEvidence(w, e, body);
  return w.done();
}

/** Canonical CBOR of a transaction list (what the header's txs hash covers when non-empty). */
export function encodeTxList(txs: readonly Uint8Array[]): Uint8Array {
  const w = new CborWriter(txListCapacity(txs));
  writeTxs(w, txs);
  return w.done();
}

function txListCapacity(txs: readonly Uint8Array[]): number {
  let n = 9;
  for (const t of txs) n += t.length + 5;
  return n;
}

function writeTxs(w: CborWriter, txs: readonly Uint8Array[]): void {
  w.array(txs.length, MAX_TXS, 'block.txs');
  for (const t of txs) w.bytes(t, 'block.txs[]', undefined, MAX_TX_BYTES);
}

/**
 * Canonical CBOR of a block. Its LastCommit comes from `commit` (a node passes its memo, so a
 * commit it has hashed already is copied, not encoded again) and vote bodies from `body`.
 */
export function encodeBlock(
  b: Block,
  commit?: CommitBytes,
  body: VoteBodyBytes = encodeVoteBody,
): Uint8Array {
  const lc = b.last_commit === null ? null : (commit ?? ((c) => encodeCommit(c, body)))(b.last_commit);
  const w = new CborWriter(600 + txListCapacity(b.txs) + (lc?.length ?? 0) + b.evidence.length * 500);
  w.byte(0xa4);
  w.raw(K_TXS);
  writeTxs(w, b.txs);
  w.raw(K_HEADER);
  writeHeader(w, b.header);
  w.raw(K_EVIDENCE).array(b.evidence.length, MAX_EVIDENCE, 'block.evidence');
  for (const e of b.evidence) writeEvidence(w, e, body);
  w.raw(K_LAST_COMMIT);
  if (lc === null) w.nil();
  else w.raw(lc);
  return w.done();
}

/** Canonical CBOR of a proposal body (what a proposal signature covers). */
export function encodeProposalBody(p: ProposalBody): Uint8Array {
  const w = new CborWriter(128);
  w.byte(0xa5);
  w.raw(K_ROUND).uint(p.round, 0xffffffff, 'proposal.round');
  w.raw(K_HEIGHT).u64(p.height, 'proposal.height');
  w.raw(K_PROPOSER).uint(p.proposer, 0xffff, 'proposal.proposer');
  w.raw(K_BLOCK_HASH).bytes(p.block_hash, 'proposal.block_hash', 32);
  w.raw(K_VALID_ROUND).int(p.valid_round, 'proposal.valid_round');
  return w.done();
}
