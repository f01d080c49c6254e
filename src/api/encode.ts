/** The JSON encodings of every API result and event, shared by the server and the client. */
import type { WireError } from '../common/index.js';
import type {
  AccountView,
  AlertView,
  BlockView,
  EpochView,
  EventView,
  ExecutionStatusView,
  ReceiptView,
  StatusView,
  Topic,
  TopicEvents,
  TxView,
  UedReportView,
  ValidatorSetView,
  ValidatorView,
  VoteAccountView,
} from './backend.js';
import {
  addressJ,
  arrayJ,
  bigintJ,
  boolJ,
  bytesJ,
  enumJ,
  type JsonCodec,
  nullableJ,
  objectJ,
  optionalJ,
  stringJ,
  uintJ,
} from './json-codec.js';

const wireErrorJ = objectJ<WireError>({ module: stringJ, code: uintJ, message: stringJ });
const eventJ = objectJ<EventView>({ module: stringJ, kind: stringJ, data: bytesJ });

/** A receipt. */
export const receiptJ = objectJ<ReceiptView>({
  success: boolJ,
  error: nullableJ(wireErrorJ),
  domain: enumJ(['ved', 'ued']),
  gas_used: bigintJ,
  events: arrayJ(eventJ),
});

/** A block header with transaction hashes. */
export const blockJ = objectJ<BlockView>({
  height: uintJ,
  hash: bytesJ,
  parent_hash: bytesJ,
  time: uintJ,
  proposer: bytesJ,
  ved_hash: bytesJ,
  tx_hashes: arrayJ(bytesJ),
});

/** An included transaction. */
export const txJ = objectJ<TxView>({ tx: bytesJ, height: uintJ, index: uintJ, receipt: nullableJ(receiptJ) });

/** Node status. */
export const statusJ = objectJ<StatusView>({
  chain_id: stringJ,
  chain_context: stringJ,
  height: uintJ,
  latest_block_hash: bytesJ,
  latest_block_time: uintJ,
  epoch: uintJ,
  halted: boolJ,
  syncing: boolJ,
  peers: uintJ,
  ued_height: uintJ,
  ued_lag: uintJ,
});

/** Execution status. */
export const executionStatusJ = objectJ<ExecutionStatusView>({
  state: enumJ(['pending', 'executed', 'confirmed', 'diverged']),
  receipt: optionalJ(receiptJ),
  height: optionalJ(uintJ),
  reported_stake: bigintJ,
  total_stake: bigintJ,
});

/** An account. */
export const accountJ = objectJ<AccountView>({
  address: addressJ,
  balance: bigintJ,
  nonce: bigintJ,
  mapping: enumJ(['RX-UED', 'RX-UED-VED', 'RW-VED', 'RW-UED']),
  escrow_active: bigintJ,
  escrow_debonding: bigintJ,
});

const validatorJ = objectJ<ValidatorView>({ address: addressJ, node_id: bytesJ, voting_power: bigintJ });

/** A validator set. */
export const validatorSetJ = objectJ<ValidatorSetView>({
  height: uintJ,
  total_power: bigintJ,
  validators: arrayJ(validatorJ),
});

/** The current epoch. */
export const epochJ = objectJ<EpochView>({ epoch: uintJ, start_height: uintJ, interval: uintJ });

/** A vote account. */
export const voteAccountJ = objectJ<VoteAccountView>({
  address: addressJ,
  node_id: bytesJ,
  stake: bigintJ,
  credits: bigintJ,
  commission: uintJ,
  last_report: nullableJ(objectJ<{ height: number; hash: Uint8Array }>({ height: uintJ, hash: bytesJ })),
});

/** A UED hash report. */
export const uedReportJ = objectJ<UedReportView>({
  validator: addressJ,
  height: uintJ,
  hash: bytesJ,
  stake: bigintJ,
});

/** An operator alert. */
export const alertJ = objectJ<AlertView>({
  kind: enumJ(['divergence', 'halt', 'sync', 'peer']),
  height: uintJ,
  message: stringJ,
});

/** The event encoding of each subscription topic. */
export const topicJ: { [K in Topic]: JsonCodec<TopicEvents[K]> } = {
  blocks: blockJ,
  uedReports: uedReportJ,
  alerts: alertJ,
};

/** The result of `submitTx`: the hash, plus what the caller chose to wait for. */
export interface SubmitResult {
  hash: Uint8Array;
  /** With `wait: "inclusion"`. */
  included?: TxView;
  /** With `wait: "execution"`. */
  execution?: ExecutionStatusView;
}

/** The result of `submitTx`. */
export const submitResultJ = objectJ<SubmitResult>({
  hash: bytesJ,
  included: optionalJ(txJ),
  execution: optionalJ(executionStatusJ),
});
