/**
 * What a validator sends again and serves to others: its own messages of the current round (read
 * from the engine, so they survive a restart), the proof-of-lock prevotes of a re-proposal, and
 * decided blocks with their commits for peers that are behind.
 */
import { decodeWith, toHex } from '../../common/index.js';
import type { BlockStorePort } from './app.js';
import type { Engine } from './engine.js';
import { blockCodec, commitCodec, type Decided, type Message, type Vote, VoteType } from './messages.js';

/** Most decided blocks sent in one sync response. */
export const SYNC_BATCH = 16;

/**
 * This validator's proposal and votes of the current and previous round, as the engine holds
 * them (after a WAL replay they are there even though nothing was signed again).
 */
export function ownMessages(e: Engine): Message[] {
  const out: Message[] = [];
  if (e.selfIndex < 0 || e.decided) return out;
  const p = e.proposalAt(e.round);
  if (p && p.body.proposer === e.selfIndex) out.push({ proposal: p });
  for (const r of e.round > 0 ? [e.round - 1, e.round] : [e.round]) {
    for (const t of [VoteType.Prevote, VoteType.Precommit]) {
      const v = e.votes.get(r, t).byValidator.get(e.selfIndex);
      if (v) out.push({ vote: v });
    }
  }
  return out;
}

/**
 * The proof-of-lock prevotes of the current round's proposal when it re-proposes a block from an
 * earlier round: peers that restarted or missed that round need them to accept it (L28).
 */
export function polVotes(e: Engine): Vote[] {
  const p = e.proposalAt(e.round);
  if (!p || p.body.valid_round < 0) return [];
  return e.votes.get(p.body.valid_round, VoteType.Prevote).votesFor(toHex(p.body.block_hash));
}

/** Decided blocks `from..to` (at most {@link SYNC_BATCH}) from the block store. */
export async function readDecided(blocks: BlockStorePort, from: bigint, to: bigint): Promise<Decided[]> {
  const top = blocks.height();
  const out: Decided[] = [];
  for (let h = from; h <= to && h <= top && out.length < SYNC_BATCH; h++) {
    const b = await blocks.block(h);
    const c = await blocks.commit(h);
    if (!b || !c) break;
    out.push({ block: decodeWith(blockCodec, b), commit: decodeWith(commitCodec, c) });
  }
  return out;
}
