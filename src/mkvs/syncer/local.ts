/** A read syncer answering from a local tree (what a storage node or host serves). */

import { bytesEqual } from '../../common/index.js';
import { MkvsError } from '../errors.js';
import { ProofBuilder } from '../proof/builder.js';
import type { ProofVersion } from '../proof/proof.js';
import type { Tree } from '../tree/tree.js';
import type {
  GetPrefixesRequest,
  GetRequest,
  IterateRequest,
  ProofResponse,
  ReadSyncer,
  TreeID,
} from './api.js';
import { buildFrom, includeGetPath, includeIteration } from './collect.js';

/** Upper bound on entries returned by one prefix or iterate request. */
export const MAX_SYNC_ENTRIES = 1024;

function version(v: number | undefined): ProofVersion {
  if (v === undefined || v === 0) return 0;
  if (v === 1) return 1;
  throw new MkvsError(MkvsError.MALFORMED_REQUEST, `unsupported proof version ${v}`);
}

/**
 * Serves proofs for trees opened by `open(root)` (e.g. from a node DB at that root). Requests
 * for roots the source does not hold fail with ROOT_NOT_FOUND.
 */
export class LocalReadSyncer implements ReadSyncer {
  constructor(private readonly open: (tree: TreeID) => Promise<Tree>) {}

  async syncGet(req: GetRequest): Promise<ProofResponse> {
    const tree = await this.checked(req.tree);
    const b = new ProofBuilder(version(req.proof_version));
    await includeGetPath(tree, b, req.key, req.include_siblings === true);
    return { proof: buildFrom(tree, b, req.tree.position) };
  }

  async syncGetPrefixes(req: GetPrefixesRequest): Promise<ProofResponse> {
    const tree = await this.checked(req.tree);
    const b = new ProofBuilder(version(req.proof_version));
    const limit = Math.min(req.limit || MAX_SYNC_ENTRIES, MAX_SYNC_ENTRIES);
    for (const p of req.prefixes) await includeIteration(tree, b, p, limit, p);
    return { proof: buildFrom(tree, b, req.tree.position) };
  }

  async syncIterate(req: IterateRequest): Promise<ProofResponse> {
    const tree = await this.checked(req.tree);
    const b = new ProofBuilder(version(req.proof_version));
    await includeIteration(tree, b, req.key, Math.min(Math.max(req.prefetch, 1), MAX_SYNC_ENTRIES));
    return { proof: buildFrom(tree, b, req.tree.position) };
  }

  private async checked(id: TreeID): Promise<Tree> {
    const tree = await this.open(id);
    if (!bytesEqual(tree.rootHash(), id.root.hash)) {
      throw new MkvsError(MkvsError.ROOT_NOT_FOUND, 'syncer does not hold the requested root');
    }
    return tree;
  }
}
