/**
 * Genesis of the vote program (VED only): the genesis validators' vote accounts, active from the
 * start, and the memberships of epochs 0 and 1 computed from the genesis stake allocation. The
 * genesis document is trusted by every node, so no node consent signature is needed here.
 */
import { addressFromPublicKey, array, bytes32, struct, toHex } from '../../../common/index.js';
import type { BlockContext } from '../../../consensus/index.js';
import { addressCodec } from '../api/codecs.js';
import { VoteError } from '../api/errors.js';
import type { VoteHooks } from '../api/hooks.js';
import { MAX_VALIDATORS_LIMIT, type VoteParams } from '../api/params.js';
import { VoteStateWriter } from '../state/views.js';
import { computeAndStoreMembership } from './epoch.js';

/** Genesis document of the vote program (CBOR data model). */
export const voteGenesisCodec = struct(
  {
    accounts: array(
      struct({ node: bytes32, authority: addressCodec, fee_payer: addressCodec, fund: addressCodec }),
      MAX_VALIDATORS_LIMIT,
    ),
  },
  'VoteGenesis',
);

/** Writes the genesis accounts and the memberships of epochs 0 and 1. */
export async function initVoteGenesis(
  ctx: BlockContext,
  genesis: unknown,
  params: VoteParams,
  hooks: Pick<VoteHooks, 'stake' | 'remaps'>,
): Promise<void> {
  if (ctx.domain !== 'ved') return;
  let doc: ReturnType<typeof voteGenesisCodec.fromCbor>;
  try {
    doc = voteGenesisCodec.fromCbor(genesis, 'vote');
  } catch (e) {
    throw new VoteError(VoteError.INVALID_GENESIS, `vote genesis: ${(e as Error).message}`);
  }
  const st = new VoteStateWriter(ctx.state);
  const seen = new Set<string>();
  for (const a of doc.accounts) {
    const address = addressFromPublicKey(a.node);
    if (seen.has(toHex(address)))
      throw new VoteError(VoteError.INVALID_GENESIS, 'duplicate genesis node key');
    seen.add(toHex(address));
    st.putAccount(address, {
      node: a.node,
      authority: a.authority,
      feePayer: a.fee_payer,
      fund: a.fund,
      pendingFund: null,
      status: 'active',
      activationEpoch: null,
      deactivationEpoch: null,
      frozenUntil: 0n,
      lastReport: null,
      reportConflicts: 0n,
      credits: 0n,
    });
  }
  // Epoch −1 stands for "before epoch 0": its stake snapshot is the genesis allocation.
  await computeAndStoreMembership(ctx, -1n, params, hooks);
  await computeAndStoreMembership(ctx, 0n, params, hooks);
}
