/**
 * End of block (spec/oasis.md §3.6): first the runtimes that received commitments in this block
 * (no timeout), then the round timers due at this height (timed out).
 */
import type { BlockContext } from '../../../consensus/index.js';
import {
  pendingKey,
  pendingPrefix,
  readRuntimeState,
  timerKey,
  timerPrefix,
  writeRuntimeState,
} from '../state/index.js';
import { finalizeRound } from './finalize.js';
import type { RoothashSources } from './sources.js';

async function keysUnder(ctx: BlockContext, prefix: Uint8Array): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const [k] of ctx.state.entries(prefix)) out.push(k.slice(prefix.length));
  return out;
}

/** Finalize what can be finalized in this block. */
export async function roothashEndBlock(ctx: BlockContext, src: RoothashSources): Promise<void> {
  for (const id of await keysUnder(ctx, pendingPrefix)) {
    ctx.state.delete(pendingKey(id));
    await finalizeRound(ctx, src, id, false);
  }
  for (const id of await keysUnder(ctx, timerPrefix(ctx.height))) {
    // A timer fires once: it is removed before processing (a discrepancy arms a new one).
    ctx.state.delete(timerKey(ctx.height, id));
    const st = await readRuntimeState(ctx.state, id);
    if (!st || st.next_timeout !== ctx.height) continue;
    st.next_timeout = 0n;
    writeRuntimeState(ctx.state, st);
    await finalizeRound(ctx, src, id, true);
  }
}
