/** One valid sample body of every RHP variant, for round-trip and fuzz tests. */
import type { BlockHeader, Body, LightBlock } from '../../src/runtime/rhp/index.js';

const h = (b: number): Uint8Array => new Uint8Array(32).fill(b);
const light: LightBlock = { height: 42n, meta: new Uint8Array([1, 2, 3]) };
const header: BlockHeader = {
  version: 0,
  namespace: h(7),
  round: 9n,
  timestamp: 1_700_000_000n,
  header_type: 1,
  previous_hash: h(1),
  io_root: h(2),
  state_root: h(3),
  messages_hash: h(4),
  in_msgs_hash: h(5),
};
const tree = { root: { ns: h(7), version: 9n, root_type: 1, hash: h(3) }, position: h(3) };
const log = [
  { key: new Uint8Array([1]), value: new Uint8Array([9]) },
  { key: new Uint8Array([2]), value: null },
];

/** Samples, several per variant where optional fields matter. */
export const SAMPLE_BODIES: Body[] = [
  { Empty: {} },
  { Error: { module: 'rhp', code: 3, message: 'bad' } },
  { Error: { module: '', code: 0, message: '' } },
  {
    RuntimeInfoRequest: {
      runtime_id: h(7),
      consensus_backend: 'tandem',
      consensus_protocol_version: { major: 7, minor: 0, patch: 0 },
      consensus_chain_context: 'ab'.repeat(32),
    },
  },
  {
    RuntimeInfoRequest: {
      runtime_id: h(8),
      consensus_backend: 'tandem',
      consensus_protocol_version: { major: 1, minor: 2, patch: 3 },
      consensus_chain_context: 'cd',
      local_config: { a: 1, b: 'x' },
    },
  },
  {
    RuntimeInfoResponse: {
      protocol_version: { major: 5, minor: 0, patch: 0 },
      runtime_version: { major: 1, minor: 0, patch: 2 },
    },
  },
  {
    RuntimeInfoResponse: {
      protocol_version: { major: 5, minor: 1, patch: 0 },
      runtime_version: { major: 0, minor: 0, patch: 0 },
      features: { schedule_control: { initial_batch_size: 50 } },
    },
  },
  { RuntimePingRequest: {} },
  { RuntimeShutdownRequest: {} },
  { RuntimeAbortRequest: {} },
  { RuntimeAbortResponse: {} },
  {
    RuntimeCheckTxBatchRequest: {
      consensus_block: light,
      inputs: [new Uint8Array([1]), new Uint8Array(0)],
      block: { header },
      epoch: 3n,
      max_messages: 16,
    },
  },
  {
    RuntimeCheckTxBatchResponse: {
      results: [
        {
          error: { module: '', code: 0, message: '' },
          meta: { priority: 5n, sender: h(1), sender_seq: 2n, sender_state_seq: 0n },
        },
        { error: { module: 'app', code: 7, message: 'nonce' } },
      ],
    },
  },
  {
    RuntimeExecuteTxBatchRequest: {
      mode: 0,
      consensus_block: light,
      round_results: {
        messages: [{ module: 'staking', code: 1, index: 0, result: { x: 1 } }],
        good_compute_entities: [h(1)],
        bad_compute_entities: [],
      },
      io_root: h(2),
      inputs: [new Uint8Array([5, 6])],
      in_msgs: [
        { id: 1n, caller: new Uint8Array(21), tag: 0n, fee: 10n, tokens: 0n, data: new Uint8Array([1]) },
      ],
      block: { header },
      epoch: 3n,
      max_messages: 0,
    },
  },
  {
    RuntimeExecuteTxBatchResponse: {
      batch: {
        header: {
          round: 10n,
          previous_hash: h(1),
          io_root: h(2),
          state_root: h(3),
          messages_hash: h(4),
          in_msgs_hash: h(5),
          in_msgs_count: 0,
        },
        io_write_log: log,
        state_write_log: [],
        messages: [{ staking: { v: 0, transfer: {} } }],
      },
      tx_hashes: [h(6)],
      tx_reject_hashes: [],
      tx_input_write_log: [],
    },
  },
  {
    RuntimeQueryRequest: {
      consensus_block: light,
      header,
      epoch: 3n,
      max_messages: 1,
      method: 'echo',
      args: new Uint8Array([1, 2]),
    },
  },
  { RuntimeQueryResponse: { data: new Uint8Array([3]) } },
  { HostStorageSyncRequest: { endpoint: 0, SyncGet: { tree, key: new Uint8Array([1]) } } },
  {
    HostStorageSyncRequest: {
      endpoint: 1,
      SyncGetPrefixes: { tree, prefixes: [new Uint8Array([1])], limit: 10, proof_version: 1 },
    },
  },
  { HostStorageSyncRequest: { endpoint: 0, SyncIterate: { tree, key: new Uint8Array(0), prefetch: 5 } } },
  {
    HostStorageSyncResponse: {
      proof: { v: 0, untrusted_root: h(3), entries: [null, new Uint8Array([2, ...h(9)])] },
    },
  },
  { HostFetchConsensusBlockRequest: { height: 5n } },
  { HostFetchConsensusBlockResponse: { block: light } },
  { HostLocalStorageGetRequest: { key: new Uint8Array([1]) } },
  { HostLocalStorageGetResponse: { value: new Uint8Array([2]) } },
  { HostLocalStorageSetRequest: { key: new Uint8Array([1]), value: new Uint8Array([2]) } },
  { HostLocalStorageSetResponse: {} },
] as Body[];
