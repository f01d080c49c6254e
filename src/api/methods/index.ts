/** The table of request/response methods (subscriptions are handled by the WebSocket layer). */
import { getAccount, getVoteAccount } from './accounts.js';
import { getBlock, getBlockByHash, getEpoch, getTx, getValidators, status } from './chain.js';
import {
  getCommittees,
  getNode,
  getRoundResults,
  getRuntime,
  getRuntimeBlock,
  getRuntimes,
} from './runtimes.js';
import { executionStatus, submitTx } from './tx.js';
import type { MethodDef } from './types.js';

export type { MethodContext, MethodDef } from './types.js';

/** Every method callable over HTTP and WebSocket, by name. */
export const METHODS: ReadonlyMap<string, MethodDef> = new Map(
  Object.entries({
    status,
    getBlock,
    getBlockByHash,
    getTx,
    submitTx,
    executionStatus,
    getAccount,
    getValidators,
    getEpoch,
    getVoteAccount,
    getRuntimes,
    getRuntime,
    getRuntimeBlock,
    getCommittees,
    getNode,
    getRoundResults,
  }),
);
