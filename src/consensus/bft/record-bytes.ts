/**
 * Fixed-layout encoders of the driver's records: one WAL record per engine input and the
 * consensus state after each height. They produce exactly the canonical CBOR of the schema
 * codecs in `records.ts` (whose strict decoders re-encode generically and compare, so a round trip
 * in the tests proves it), splicing the encodings a node has already made (vote sign bytes, block
 * bytes) instead of encoding those objects again.
 */

import { encodeProposalBody } from './block-bytes.js';
import { CborWriter, textKey } from './cbor-writer.js';
import type { EngineInput } from './engine-types.js';
import type { Block, VoteBody } from './messages.js';
import type { ConsensusState } from './records.js';

/** 1,000 validators of (32-byte key, u64 power) with map overhead fit well inside this. */
export const VALIDATOR_LIST_MAX_BYTES = 1000 * 64;

/** Encodings a node memoizes per object (see `ChainContexts`). */
export interface EncodingMemo {
  signBytes(b: VoteBody): Uint8Array;
  blockBytes(b: Block): Uint8Array;
}

const K = (s: string) => textKey(s);
const [K_VOTE, K_BODY, K_SIGNATURE, K_PROPOSAL, K_BLOCK] = [
  'vote',
  'body',
  'signature',
  'proposal',
  'block',
].map(K) as Uint8Array[] as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
const [K_TIMEOUT, K_STEP, K_ROUND, K_HEIGHT, K_VALIDATED, K_HASH, K_VALID] = [
  'timeout',
  'step',
  'round',
  'height',
  'validated',
  'hash',
  'valid',
].map(K) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];

/** A WAL record of `i`: `{kind: value}` with the value's keys in canonical order. */
export function encodeInputRecord(i: EngineInput, memo: EncodingMemo): Uint8Array {
  switch (i.kind) {
    case 'vote': {
      const body = memo.signBytes(i.vote.body);
      const w = new CborWriter(4 + K_VOTE.length + K_BODY.length + body.length + K_SIGNATURE.length + 64);
      w.byte(0xa1).raw(K_VOTE).byte(0xa2).raw(K_BODY).raw(body);
      w.raw(K_SIGNATURE).bytes(i.vote.signature, 'vote.signature', 64);
      return w.done();
    }
    case 'proposal': {
      const p = i.proposal;
      const block = memo.blockBytes(p.block);
      const w = new CborWriter(block.length + 256);
      w.byte(0xa1).raw(K_PROPOSAL).byte(0xa3).raw(K_BODY).raw(encodeProposalBody(p.body));
      w.raw(K_BLOCK).raw(block);
      w.raw(K_SIGNATURE).bytes(p.signature, 'proposal.signature', 64);
      return w.done();
    }
    case 'block': {
      const block = memo.blockBytes(i.block);
      const w = new CborWriter(block.length + 64);
      w.byte(0xa1).raw(K_BLOCK).byte(0xa3).raw(K_BLOCK).raw(block);
      w.raw(K_ROUND).uint(i.round, 0xffffffff, 'block.round');
      w.raw(K_HEIGHT).u64(i.height, 'block.height');
      return w.done();
    }
    case 'timeout': {
      const w = new CborWriter(64);
      w.byte(0xa1).raw(K_TIMEOUT).byte(0xa3).raw(K_STEP).text(i.step, 16, 'timeout.step');
      w.raw(K_ROUND).uint(i.round, 0xffffffff, 'timeout.round');
      w.raw(K_HEIGHT).u64(i.height, 'timeout.height');
      return w.done();
    }
    case 'validated': {
      const w = new CborWriter(96);
      w.byte(0xa1).raw(K_VALIDATED).byte(0xa2).raw(K_HASH).text(i.hash, 64, 'validated.hash');
      w.raw(K_VALID).bool(i.valid, 'validated.valid');
      return w.done();
    }
  }
}

const [K_TIME, K_PENDING, K_PRIORITIES, K_VALIDATORS, K_LAST_BLOCK_HASH, K_LAST_VALIDATORS] = [
  'time',
  'pending',
  'priorities',
  'validators',
  'last_block_hash',
  'last_validators',
].map(K) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];
const [K_POWER, K_PUB_KEY] = ['power', 'pub_key'].map(K) as [Uint8Array, Uint8Array];

/** The consensus state record (the validator lists are spliced from their per-epoch encodings). */
export function encodeStateRecord(s: ConsensusState): Uint8Array {
  const list = s.next.listBytes();
  const last = s.lastSet?.listBytes() ?? null;
  const pri = s.next.priorityList();
  const w = new CborWriter(256 + list.length + (last?.length ?? 0) + pri.length * 24);
  w.byte(0xa7);
  w.raw(K_TIME).u64(s.time, 'state.time');
  w.raw(K_HEIGHT).u64(s.height, 'state.height');
  w.raw(K_PENDING);
  if (s.pending === null) w.nil();
  else {
    w.array(s.pending.length, 1000, 'state.pending');
    for (const v of s.pending) {
      w.byte(0xa2).raw(K_POWER).u64(v.power, 'state.pending[].power');
      w.raw(K_PUB_KEY).bytes(v.pubKey, 'state.pending[].pub_key', 32);
    }
  }
  w.raw(K_PRIORITIES).array(pri.length, 1000, 'state.priorities');
  for (const p of pri) w.text(p.toString(10), 32, 'state.priorities[]');
  w.raw(K_VALIDATORS).bytes(list, 'state.validators', undefined, VALIDATOR_LIST_MAX_BYTES);
  w.raw(K_LAST_BLOCK_HASH).bytes(s.lastBlockHash, 'state.last_block_hash', 32);
  w.raw(K_LAST_VALIDATORS);
  if (last === null) w.nil();
  else w.bytes(last, 'state.last_validators', undefined, VALIDATOR_LIST_MAX_BYTES);
  return w.done();
}

const K_SIGN_BYTES = K('sign_bytes');

/** The last-signed record (see `PrivValidator`): what was signed at which position. */
export function encodeLastSign(l: {
  height: bigint;
  round: number;
  step: number;
  sign_bytes: Uint8Array;
  signature: Uint8Array;
}): Uint8Array {
  const w = new CborWriter(128 + l.sign_bytes.length);
  w.byte(0xa5);
  w.raw(K_STEP).uint(l.step, 0xff, 'last_sign.step');
  w.raw(K_ROUND).uint(l.round, 0xffffffff, 'last_sign.round');
  w.raw(K_HEIGHT).u64(l.height, 'last_sign.height');
  w.raw(K_SIGNATURE).bytes(l.signature, 'last_sign.signature', 64);
  w.raw(K_SIGN_BYTES).bytes(l.sign_bytes, 'last_sign.sign_bytes', undefined, 1024);
  return w.done();
}
