/** Roots (spec/oasis.md §1.8): `{ns, version, root_type, hash}`; root types 1 state, 2 io. */
import {
  bytes32,
  type Codec,
  EMPTY_HASH,
  encodeWith,
  hash,
  struct,
  toHex,
  u8,
  u64,
} from '../common/index.js';

export const RootType = { Invalid: 0, State: 1, IO: 2 } as const;
export type RootType = (typeof RootType)[keyof typeof RootType];

/** A versioned root of one tree of one namespace. */
export interface Root {
  ns: Uint8Array;
  version: bigint;
  root_type: number;
  hash: Uint8Array;
}

/** Canonical CBOR codec with Oasis's field names. */
export const rootCodec: Codec<Root> = struct(
  { ns: bytes32, version: u64, root_type: u8, hash: bytes32 },
  'Root',
);

/** `Root.EncodedHash`: H(CBOR(root)). */
export function encodedRootHash(r: Root): Uint8Array {
  return hash(encodeWith(rootCodec, r));
}

/** The root of an empty tree at a version. */
export function emptyRoot(ns: Uint8Array, version: bigint, rootType: number = RootType.State): Root {
  return { ns, version, root_type: rootType, hash: EMPTY_HASH };
}

/** Short text form for logs. */
export function rootToString(r: Root): string {
  return `${toHex(r.ns).slice(0, 8)}…@${r.version}/${r.root_type}:${toHex(r.hash).slice(0, 16)}`;
}
