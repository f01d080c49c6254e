/**
 * The read-syncer protocol (spec/oasis.md §1.10, Oasis `syncer.ReadSyncer`): requests name a tree
 * (`TreeID{root, position}`) and are answered with a proof. Codecs keep Oasis's field names so
 * the requests can travel over RHP unchanged.
 */
import { array, bool, bytes, bytes32, type Codec, optional, struct, u16 } from '../../common/index.js';
import { type Proof, proofCodec } from '../proof/proof.js';
import { type Root, rootCodec } from '../root.js';

/** A tree at a root, and the subtree (by hash) the proof should start from. */
export interface TreeID {
  root: Root;
  position: Uint8Array;
}
export interface GetRequest {
  tree: TreeID;
  key: Uint8Array;
  include_siblings?: boolean;
  proof_version?: number;
}
export interface GetPrefixesRequest {
  tree: TreeID;
  prefixes: Uint8Array[];
  limit: number;
  proof_version?: number;
}
export interface IterateRequest {
  tree: TreeID;
  key: Uint8Array;
  prefetch: number;
  proof_version?: number;
}
export interface ProofResponse {
  proof: Proof;
}

/** A remote source of tree nodes answering with proofs. */
export interface ReadSyncer {
  syncGet(req: GetRequest): Promise<ProofResponse>;
  syncGetPrefixes(req: GetPrefixesRequest): Promise<ProofResponse>;
  syncIterate(req: IterateRequest): Promise<ProofResponse>;
}

const key = bytes({ max: 8191 });
export const treeIdCodec: Codec<TreeID> = struct({ root: rootCodec, position: bytes32 }, 'TreeID');
export const getRequestCodec: Codec<GetRequest> = struct(
  { tree: treeIdCodec, key, include_siblings: optional(bool), proof_version: optional(u16) },
  'GetRequest',
);
export const getPrefixesRequestCodec: Codec<GetPrefixesRequest> = struct(
  { tree: treeIdCodec, prefixes: array(key, 1024), limit: u16, proof_version: optional(u16) },
  'GetPrefixesRequest',
);
export const iterateRequestCodec: Codec<IterateRequest> = struct(
  { tree: treeIdCodec, key, prefetch: u16, proof_version: optional(u16) },
  'IterateRequest',
);
export const proofResponseCodec: Codec<ProofResponse> = struct({ proof: proofCodec }, 'ProofResponse');
