/** The BFT driver of a node, built from its config, genesis, stores and network. */
import type { Logger } from '../common/index.js';
import { BftDriver, type Mempool } from '../consensus/bft/index.js';
import type { GenesisDocument } from '../consensus/index.js';
import type { NodeConfig } from './config.js';
import { privValidator } from './node-keys.js';
import type { NodeNetwork } from './node-network.js';
import { timeoutsOf } from './node-parts.js';
import type { NodeStores } from './node-stores.js';
import type { RealTimers } from './real-timers.js';

/** What the driver takes besides config, genesis, stores and network. */
export interface DriverParts {
  mempool: Mempool;
  timers: RealTimers;
  log: Logger;
}

/** The driver (not started): a validator signs with its consensus key, a full node never signs. */
export function newDriver(
  c: NodeConfig,
  g: GenesisDocument,
  s: NodeStores,
  nw: NodeNetwork,
  parts: DriverParts,
): BftDriver {
  return new BftDriver({
    chainId: g.chain_id,
    genesis: {
      validators: g.validators.map((v) => ({ pubKey: v.public_key, power: v.power })),
      time: g.genesis_time_ms,
    },
    epochLength: g.params.epoch_interval,
    priv: privValidator(c.role, c.keys_dir, s.signState, g.chain_id),
    app: s.app,
    mempool: parts.mempool,
    wal: s.wal,
    blocks: s.blocks,
    state: s.consensusState,
    transport: nw.transport,
    timers: parts.timers,
    timeouts: timeoutsOf(c),
    gossipMs: c.consensus.gossip_ms,
    maxBlockTxs: c.consensus.max_block_txs,
    log: parts.log,
  });
}
