/**
 * The runtime half of the API backend ({@link RuntimeBackend}, issue 6) over a {@link ChainApp}:
 * every call reads the committed VED through a fresh {@link RuntimeQueries}, so one answer never
 * mixes two heights' state. An id neither the registry nor roothash knows is roothash's
 * UNKNOWN_RUNTIME; absent nodes, rounds and results are null.
 */
import type { CommitteesView, RuntimeBackend, RuntimeView } from '../api/index.js';
import { compareBytes, toHex } from '../common/index.js';
import { type ChainApp, RuntimeQueries, vedView } from '../domains/index.js';
import { RoothashError } from '../services/roothash/index.js';
import {
  committeeView,
  nodeView,
  roundResultsView,
  runtimeBlockView,
  runtimeChainView,
  runtimeDescriptorView,
} from './runtime-views.js';

function unknown(id: Uint8Array): never {
  throw new RoothashError(RoothashError.UNKNOWN_RUNTIME, `unknown runtime ${toHex(id)}`);
}

/** Build the runtime backend over the app's committed state. */
export function createRuntimeBackend(app: ChainApp): RuntimeBackend {
  const queries = () => new RuntimeQueries(vedView(app.vedTree), { get: (k) => app.ued.get(k) });
  const epoch = () => app.programs.schedule.epochOf(app.committed.height);

  const runtimeView = async (q: RuntimeQueries, id: Uint8Array): Promise<RuntimeView | null> => {
    const [reg, st] = await Promise.all([q.runtime(id), q.runtimeState(id)]);
    if (reg === null && st === null) return null;
    return {
      id,
      descriptor: reg && runtimeDescriptorView(reg.runtime, reg.suspended, epoch()),
      chain: st && runtimeChainView(st),
    };
  };
  /** Throws UNKNOWN_RUNTIME unless the registry or roothash knows `id`. */
  const known = async (q: RuntimeQueries, id: Uint8Array): Promise<void> => {
    if ((await q.runtimeState(id)) === null && (await q.runtime(id)) === null) unknown(id);
  };

  return {
    async getRuntimes() {
      const q = queries();
      const ids = new Map<string, Uint8Array>();
      for (const rt of await q.runtimes()) ids.set(toHex(rt.id), rt.id);
      for (const st of await q.runtimeStates()) ids.set(toHex(st.runtime_id), st.runtime_id);
      const out: RuntimeView[] = [];
      for (const id of [...ids.values()].sort(compareBytes)) {
        const v = await runtimeView(q, id);
        if (v !== null) out.push(v);
      }
      return out;
    },
    async getRuntime(id) {
      return (await runtimeView(queries(), id)) ?? unknown(id);
    },
    async getRuntimeBlock(id, round) {
      const q = queries();
      const st = await q.runtimeState(id);
      if (st === null) return known(q, id).then(() => null);
      // Roothash keeps the latest and the genesis block only; older rounds are not stored.
      const kept = [st.last_block, st.genesis_block].find((b) => round === undefined || b.round === round);
      return kept === undefined ? null : runtimeBlockView(kept);
    },
    async getCommittees(id, at): Promise<CommitteesView> {
      const q = queries();
      await known(q, id);
      const e = at === undefined ? epoch() : BigInt(at);
      return { epoch: Number(e), committees: (await q.committees(id, e)).map(committeeView) };
    },
    async getNode(id) {
      const n = await queries().node(id);
      return n === null ? null : nodeView(n.node, n.status);
    },
    async getRoundResults(id) {
      const q = queries();
      const st = await q.runtimeState(id);
      if (st === null) return known(q, id).then(() => null);
      const [r, last] = await Promise.all([q.roundResults(id), q.lastRoundResults(id)]);
      return r === null || last === null ? null : roundResultsView(st, r, last);
    },
  };
}
