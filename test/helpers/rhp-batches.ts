/** Random ExecuteTxBatch requests and responses for the RHP batch codec tests (seeded, replayable). */
import type { Message } from '../../src/runtime/rhp/index.js';
import { SAMPLE_BODIES } from './rhp-samples.js';
import type { Rng } from './rng.js';

const sample = (kind: string) =>
  SAMPLE_BODIES.find((b) => kind in b) as unknown as Record<string, Record<string, unknown>>;

/** A request with `n` inputs of varied sizes. */
export function request(rng: Rng, n: number): Message {
  const q = sample('RuntimeExecuteTxBatchRequest').RuntimeExecuteTxBatchRequest!;
  const inputs = Array.from({ length: n }, () => rng.bytes(rng.pick([0, 1, 23, 24, 200, 255, 256, 70_000])));
  return {
    id: BigInt(rng.int(1 << 30)),
    message_type: 1,
    body: { RuntimeExecuteTxBatchRequest: { ...q, inputs } } as never,
  };
}

/** A response with `n` included hashes and about 3n IO log entries. */
export function response(rng: Rng, n: number): Message {
  const r = sample('RuntimeExecuteTxBatchResponse').RuntimeExecuteTxBatchResponse!;
  const batch = r.batch as Record<string, unknown>;
  const entry = () => ({
    key: rng.bytes(rng.pick([1, 23, 24, 34, 43, 300])),
    value: rng.chance(200) ? null : rng.bytes(rng.pick([0, 5, 23, 24, 205, 256, 70_000])),
  });
  const log = (k: number) => Array.from({ length: k }, entry);
  const body = {
    ...r,
    batch: {
      ...batch,
      io_write_log: log(n * 3),
      state_write_log: log(rng.int(n + 1)),
      messages: rng.chance(500) ? [] : batch.messages,
    },
    tx_hashes: Array.from({ length: n }, () => rng.bytes(32)),
    tx_reject_hashes: Array.from({ length: rng.int(3) }, () => rng.bytes(32)),
  };
  return {
    id: BigInt(rng.int(1 << 30)),
    message_type: 2,
    body: { RuntimeExecuteTxBatchResponse: body } as never,
  };
}
