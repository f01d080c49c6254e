/** What a {@link BftDriver} is built from: the chain, the node's keys, its stores and its I/O. */
import type { Logger } from '../../common/index.js';
import type { BftApplication, BlockStorePort, MempoolPort, Timers, Transport, WalPort } from './app.js';
import type { TimeoutConfig } from './engine-types.js';
import type { Message } from './messages.js';
import type { PrivValidator, RecordStore } from './privval.js';
import type { Validator } from './validator-set.js';

/** Everything a driver needs. */
export interface DriverOptions {
  chainId: string;
  genesis: { validators: Validator[]; time: bigint };
  /** Validator updates apply after heights that are multiples of this. */
  epochLength: bigint;
  priv: PrivValidator;
  app: BftApplication;
  wal: WalPort;
  blocks: BlockStorePort;
  state: RecordStore;
  transport: Transport<Message>;
  timers: Timers;
  mempool?: MempoolPort;
  timeouts?: TimeoutConfig;
  /** Own messages of a height still undecided a tick later are sent again this often (lossy networks). */
  gossipMs?: number;
  maxFutureMs?: bigint;
  maxBlockTxs?: number;
  log?: Logger;
}
