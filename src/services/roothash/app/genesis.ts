/**
 * Roothash genesis: one genesis block per runtime (Normal, at its genesis round, with its genesis
 * state root); runtimes start suspended and get their first committee at the first epoch
 * transition, or at once if the scheduler already has one.
 */
import { CborError, toHex, validateNamespace } from '../../../common/index.js';
import type { BlockContext } from '../../../consensus/index.js';
import { RoothashError, type RoothashGenesis, roothashGenesisCodec } from '../api/index.js';
import { readRuntimeState } from '../state/index.js';
import { startRuntime, transitionRuntimes } from './epoch.js';
import type { RoothashSources } from './sources.js';

function decodeGenesis(raw: unknown): RoothashGenesis {
  try {
    return roothashGenesisCodec.fromCbor(raw, 'roothash');
  } catch (e) {
    if (!(e instanceof CborError)) throw e;
    throw new RoothashError(RoothashError.INVALID_GENESIS, `roothash genesis: ${e.message}`);
  }
}

/** Write the genesis state (VED). */
export async function initRoothashGenesis(
  ctx: BlockContext,
  src: RoothashSources,
  raw: unknown,
): Promise<void> {
  const g = decodeGenesis(raw);
  const seen = new Set<string>();
  for (const rt of g.runtimes) {
    const k = toHex(rt.id);
    try {
      validateNamespace(rt.id);
    } catch {
      throw new RoothashError(RoothashError.INVALID_GENESIS, `roothash genesis: invalid runtime id ${k}`);
    }
    if (seen.has(k) || (await readRuntimeState(ctx.state, rt.id)) !== null) {
      throw new RoothashError(RoothashError.INVALID_GENESIS, `roothash genesis: runtime ${k} listed twice`);
    }
    seen.add(k);
    startRuntime(ctx, rt);
  }
  await transitionRuntimes(ctx, src, ctx.epoch);
}
