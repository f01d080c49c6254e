/**
 * Fuzzing the RHP connection: random and mutated valid frames fed to fresh host-side and
 * runtime-side connections. No input may throw out of the stream handlers, and every input that
 * is not a sequence of well-formed messages must close the connection with an RhpError.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { concatBytes } from '../../../src/common/index.js';
import {
  bodyKind,
  Connection,
  decodeMessage,
  duplexPair,
  encodeFrame,
  encodeMessage,
  FrameReader,
  isRequestKind,
  MAX_FRAME_SIZE,
  PROTOCOL_VERSION,
  RhpError,
  type Role,
} from '../../../src/runtime/rhp/index.js';
import { SAMPLE_BODIES } from '../../helpers/rhp-samples.js';
import { Rng } from '../../helpers/rng.js';

const ITERATIONS = 100_000;
const BATCH = 200;

/** Every sample under a few ids, encoded once (encoding is not what is being fuzzed). */
const VALID: Uint8Array[] = SAMPLE_BODIES.flatMap((body) =>
  [0n, 1n, 2n, 3n].map((id) => {
    const type = isRequestKind(bodyKind(body)) ? 1 : 2;
    return encodeFrame(encodeMessage({ id, message_type: type, body }));
  }),
);

function validFrame(rng: Rng): Uint8Array {
  return rng.pick(VALID);
}

function splice(b: Uint8Array, at: number, del: number, ins: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length - Math.min(del, b.length - at) + ins.length);
  out.set(b.subarray(0, at));
  out.set(ins, at);
  out.set(b.subarray(at + del), at + ins.length);
  return out;
}

function mutate(f: Uint8Array, rng: Rng): Uint8Array {
  let b: Uint8Array = f.slice();
  const n = rng.range(1, 3);
  for (let i = 0; i < n; i++) {
    const at = rng.int(b.length + 1);
    const k = rng.int(6);
    if (k === 0 && at < b.length) b[at]! ^= 1 << rng.int(8);
    else if (k === 1 && at < b.length) b[at] = rng.int(256);
    else if (k === 2) b = splice(b, at, 0, Uint8Array.of(rng.int(256)));
    else if (k === 3) b = splice(b, at, rng.range(1, 4), new Uint8Array(0));
    else if (k === 4) b = b.subarray(0, at);
    else if (k === 5 && b.length >= 4) b[rng.int(4)] = rng.int(256); // the length prefix
  }
  return b;
}

function randomFrame(rng: Rng): Uint8Array {
  const body = rng.bytes(rng.int(64));
  return rng.chance(500) ? encodeFrame(body) : rng.bytes(rng.int(70));
}

function input(rng: Rng): Uint8Array {
  const k = rng.int(10);
  if (k < 2) return randomFrame(rng);
  if (k < 3) return validFrame(rng);
  if (k < 4) return concatBytes(mutate(validFrame(rng), rng), validFrame(rng));
  return mutate(validFrame(rng), rng);
}

/** Reference: true when `bytes` is a whole number of frames that each decode. */
function wellFormed(bytes: Uint8Array): boolean {
  try {
    const r = new FrameReader();
    for (const f of r.push(bytes)) decodeMessage(f, MAX_FRAME_SIZE);
    r.finish();
    return true;
  } catch {
    return false;
  }
}

const RUNTIME_INFO = {
  RuntimeInfoResponse: {
    protocol_version: PROTOCOL_VERSION,
    runtime_version: { major: 1, minor: 0, patch: 0 },
  },
};

type Outcome = RhpError | undefined | 'not-rhp';

function feed(role: Role, bytes: Uint8Array, done: (o: Outcome) => void): void {
  const [mine, peer] = duplexPair();
  const conn = new Connection(mine, {
    role,
    handler: (b) => ('RuntimeInfoRequest' in b ? RUNTIME_INFO : { Empty: {} }),
  });
  peer.resume();
  conn.onClose((e) => done(e === undefined || e instanceof RhpError ? e : 'not-rhp'));
  peer.end(bytes);
}

/** Run one batch concurrently (one promise per batch: far fewer event-loop turns and hooks). */
function runBatch(inputs: Uint8Array[], first: number): Promise<Outcome[]> {
  return new Promise((resolve) => {
    const out: Outcome[] = new Array(inputs.length);
    let left = inputs.length;
    inputs.forEach((b, j) => {
      feed((first + j) % 2 === 0 ? 'host' : 'runtime', b, (o) => {
        out[j] = o;
        if (--left === 0) resolve(out);
      });
    });
  });
}

test('RHP fuzz: 100,000 random and mutated frames never throw; malformed ones close with an RhpError', async () => {
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown) => uncaught.push(e);
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  const rng = new Rng(0x5eed);
  let rejected = 0;
  // Expected errors by the hundred thousand: their stack traces would cost more than the test.
  const stackLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    for (let i = 0; i < ITERATIONS; i += BATCH) {
      const inputs = Array.from({ length: BATCH }, () => input(rng));
      const results = await runBatch(inputs, i);
      results.forEach((res, j) => {
        assert.notEqual(res, 'not-rhp', `iteration ${i + j}: closed with a non-RhpError`);
        if (res instanceof RhpError) {
          rejected++;
          assert.ok(res.code >= 1 && res.code <= 39);
        } else {
          // A clean close is allowed only for input that is a sequence of well-formed messages.
          assert.ok(
            wellFormed(inputs[j]!),
            `iteration ${i + j}: malformed input did not close with an error`,
          );
        }
      });
    }
  } finally {
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
    Error.stackTraceLimit = stackLimit;
  }
  assert.deepStrictEqual(uncaught, []);
  assert.ok(rejected > ITERATIONS / 2, `only ${rejected} inputs were rejected`);
});
