/**
 * Runtime block headers (spec/oasis.md §3.1). A runtime's chain of blocks lives in roothash; each
 * header commits to the previous one by hash, so the latest header pins the whole history. Only
 * Normal blocks carry new results; the other types are "empty" blocks that keep the state root.
 */
import {
  bytes32,
  CborError,
  decodeWith,
  EMPTY_HASH,
  encodeWith,
  hash,
  type Infer,
  struct,
  u8,
  u16,
  u64,
} from '../../../common/index.js';
import { RoothashError } from './errors.js';

/** Header types; 0 is the invalid zero value and never appears in a stored block. */
export const HeaderType = {
  Invalid: 0,
  Normal: 1,
  RoundFailed: 2,
  EpochTransition: 3,
  Suspended: 4,
} as const;
/** A header type number. */
export type HeaderType = (typeof HeaderType)[keyof typeof HeaderType];

/** Codec of a runtime block header; every field is always present (no `omitempty`). */
export const blockHeaderCodec = struct(
  {
    version: u16,
    namespace: bytes32,
    round: u64,
    /** POSIX seconds, from the consensus block that produced this runtime block. */
    timestamp: u64,
    header_type: u8,
    previous_hash: bytes32,
    io_root: bytes32,
    state_root: bytes32,
    messages_hash: bytes32,
    in_msgs_hash: bytes32,
  },
  'BlockHeader',
);
/** A runtime block header. */
export type BlockHeader = Infer<typeof blockHeaderCodec>;

/** Largest encoded header: ten fields, six 32-byte values. */
export const MAX_BLOCK_HEADER_SIZE = 512;

/** Canonical CBOR of a header. */
export function encodeBlockHeader(h: BlockHeader): Uint8Array {
  return encodeWith(blockHeaderCodec, h);
}

/** Block hash = SHA-512/256 of the header's canonical CBOR. */
export function blockHeaderHash(h: BlockHeader): Uint8Array {
  return hash(encodeBlockHeader(h));
}

/** Strictly decode a stored or received header; a header type outside 1..4 is refused. */
export function decodeBlockHeader(b: Uint8Array): BlockHeader {
  let h: BlockHeader;
  try {
    h = decodeWith(blockHeaderCodec, b, { maxSize: MAX_BLOCK_HEADER_SIZE, maxDepth: 2 });
  } catch (e) {
    throw malformed('block header', e);
  }
  checkHeaderType(h.header_type);
  return h;
}

/** Throw unless `t` is one of the four real header types. */
export function checkHeaderType(t: number): HeaderType {
  if (t < HeaderType.Normal || t > HeaderType.Suspended || !Number.isInteger(t)) {
    throw new RoothashError(RoothashError.INVALID_HEADER_TYPE, `invalid block header type ${t}`);
  }
  return t as HeaderType;
}

/**
 * The genesis block of a runtime: Normal, version 0, at the runtime's genesis round, with every
 * hash empty except the genesis state root.
 */
export function genesisBlock(
  namespace: Uint8Array,
  round: bigint,
  stateRoot: Uint8Array,
  timestamp = 0n,
): BlockHeader {
  return {
    version: 0,
    namespace,
    round,
    timestamp,
    header_type: HeaderType.Normal,
    previous_hash: EMPTY_HASH,
    io_root: EMPTY_HASH,
    state_root: stateRoot,
    messages_hash: EMPTY_HASH,
    in_msgs_hash: EMPTY_HASH,
  };
}

/**
 * The child of `parent` with no results: the next round, linked by hash, empty IO/messages roots
 * and the parent's state root. Normal blocks are built from this by filling in the results.
 */
export function emptyBlock(parent: BlockHeader, timestamp: bigint, headerType: HeaderType): BlockHeader {
  checkHeaderType(headerType);
  if (parent.round >= 0xffffffffffffffffn) {
    throw new RoothashError(RoothashError.INVALID_ARGUMENT, 'runtime round would pass u64');
  }
  return {
    version: parent.version,
    namespace: parent.namespace,
    round: parent.round + 1n,
    timestamp,
    header_type: headerType,
    previous_hash: blockHeaderHash(parent),
    io_root: EMPTY_HASH,
    state_root: parent.state_root,
    messages_hash: EMPTY_HASH,
    in_msgs_hash: EMPTY_HASH,
  };
}

/** Wrap a decoding failure as a roothash MALFORMED error naming what was being decoded. */
export function malformed(what: string, e: unknown): RoothashError {
  if (e instanceof RoothashError) return e;
  const msg = e instanceof CborError || e instanceof Error ? e.message : String(e);
  return new RoothashError(RoothashError.MALFORMED, `malformed ${what}: ${msg}`);
}
