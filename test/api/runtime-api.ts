// A real chain with an elected runtime that finalized one normal round, served by the API over
// the node's chain backend (for the runtime method and CLI tests).
import { type ApiServer, createApiServer } from '../../src/api/index.js';
import { hash } from '../../src/common/index.js';
import { MemoryBlockStore } from '../../src/consensus/bft/index.js';
import type { ChainApp } from '../../src/domains/index.js';
import { createChainBackend } from '../../src/node/index.js';
import { type Committee, Role, schedulerAt } from '../../src/services/scheduler/index.js';
import {
  byRole,
  commitment,
  commitTx,
  elected,
  nodeSigner,
  queries,
  RUNTIME,
  runtimeChainWithGenesis,
} from '../domains/runtime-chain-fixture.js';
import { step } from '../helpers/chain-app.js';

export interface RuntimeApi {
  app: ChainApp;
  /** The executor committee of epoch 2. */
  committee: Committee;
  server: ApiServer;
}

/** Start the chain (height 21: epoch 2, one normal round) and its API server on a free port. */
export async function startRuntimeApi(): Promise<RuntimeApi> {
  const c = await runtimeChainWithGenesis();
  const app = c.app;
  const committee = await elected(app);
  // One normal round: every worker commits the same result for the round's scheduler.
  const st = (await queries(app).runtimeStatus(RUNTIME))!;
  const s = schedulerAt(committee, 0n, st.round + 1n)!;
  const txs = [];
  for (const w of byRole(committee, Role.worker))
    txs.push(commitTx(app, nodeSigner(w), await commitment(app, nodeSigner(w), s, 'api')));
  await step(app, txs);
  const backend = createChainBackend({
    chainId: c.genesis.chain_id,
    genesis: c.genesis,
    app,
    blocks: new MemoryBlockStore(),
    submit: async (tx) => ({ added: true, hash: hash(tx) }),
    peers: () => 0,
    syncing: () => false,
    execution: app,
  });
  return { app, committee, server: await createApiServer({ backend, port: 0 }) };
}
