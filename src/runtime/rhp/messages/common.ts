/**
 * Types shared by RHP bodies of both directions: versions, consensus light blocks, runtime block
 * headers (spec/oasis.md §3.1), compute results headers (§3.2) and the `Error` body. Field names
 * are Oasis's; Go `omitempty` fields are omitted when zero.
 */
import { bytes, type Codec, struct, text, u16, u32, u64, withDefault } from '../../../common/index.js';
import {
  type BlockHeader,
  blockHeaderCodec,
  type ComputeResultsHeader,
  computeResultsHeaderCodec,
} from '../../../services/roothash/index.js';

/** A semantic version; each part is omitted from the wire when 0. */
export interface Version {
  major: number;
  minor: number;
  patch: number;
}
/** Codec of {@link Version}. */
export const versionCodec: Codec<Version> = struct(
  { major: withDefault(u16, 0), minor: withDefault(u16, 0), patch: withDefault(u16, 0) },
  'Version',
);

/** A consensus block as the runtime sees it: its height and opaque backend metadata. */
export interface LightBlock {
  height: bigint;
  meta: Uint8Array;
}
/** Codec of {@link LightBlock}. */
export const lightBlockCodec: Codec<LightBlock> = struct({ height: u64, meta: bytes() }, 'LightBlock');

// The block header and compute-results header are roothash's formats (spec/oasis.md §3.1, §3.2):
// one definition, re-exported here because they travel over RHP.
export { type BlockHeader, blockHeaderCodec, type ComputeResultsHeader, computeResultsHeaderCodec };

/** A runtime block (only its header travels over RHP). */
export interface Block {
  header: BlockHeader;
}
/** Codec of {@link Block}. */
export const blockCodec: Codec<Block> = struct({ header: blockHeaderCodec }, 'Block');

/** The `Error` body (and check-tx error): every field omitted when zero, like Oasis. */
export interface ErrorBody {
  module: string;
  code: number;
  message: string;
}
/** Codec of {@link ErrorBody}. */
export const errorBodyCodec: Codec<ErrorBody> = struct(
  {
    module: withDefault(text(256), ''),
    code: withDefault(u32, 0),
    message: withDefault(text(64 * 1024), ''),
  },
  'Error',
);

/** An empty body (`{}`), e.g. the answer to a ping. */
export type EmptyBody = Record<string, never>;
/** Codec of {@link EmptyBody}. */
export const emptyCodec: Codec<EmptyBody> = struct({}, 'Empty') as Codec<EmptyBody>;

/** Largest number of transactions or results in one batch body. */
export const MAX_BATCH_ITEMS = 1 << 16;
/** Largest single transaction or query payload. */
export const MAX_TX_BYTES = 4 * 1024 * 1024;
/** Codec of one transaction or query payload (bounded). */
export const txBytes: Codec<Uint8Array> = bytes({ max: MAX_TX_BYTES });
