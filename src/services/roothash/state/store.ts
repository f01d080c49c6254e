/** Reading and writing roothash records; stored bytes are decoded strictly (CORRUPT_STATE). */
import { type Codec, decodeWith, encodeWith } from '../../../common/index.js';
import type { KvState as KvStateLike } from '../../../consensus/index.js';
import {
  RoothashError,
  type RoundResults,
  type RuntimeState,
  roundResultsCodec,
  runtimeStateCodec,
} from '../api/index.js';
import { roundResultsKey, runtimeStateKey, runtimeStatePrefix, timerKey } from './keys.js';
import type { KvRead } from './outbox.js';

function decodeStored<T>(c: Codec<T>, b: Uint8Array): T {
  try {
    return decodeWith(c, b);
  } catch (e) {
    throw new RoothashError(RoothashError.CORRUPT_STATE, `stored ${c.name}: ${(e as Error).message}`);
  }
}

/** A runtime's state, or null if roothash does not know it. */
export async function readRuntimeState(kv: KvRead, runtime: Uint8Array): Promise<RuntimeState | null> {
  const b = await kv.get(runtimeStateKey(runtime));
  return b === null ? null : decodeStored(runtimeStateCodec, b);
}

/** Every runtime state, in runtime-id order. */
export async function readAllRuntimeStates(kv: KvRead): Promise<RuntimeState[]> {
  const out: RuntimeState[] = [];
  for await (const [, v] of kv.entries(runtimeStatePrefix)) out.push(decodeStored(runtimeStateCodec, v));
  return out;
}

/** Store a runtime's state. */
export function writeRuntimeState(kv: KvStateLike, st: RuntimeState): void {
  kv.set(runtimeStateKey(st.runtime_id), encodeWith(runtimeStateCodec, st));
}

/** Move a runtime's timer from `st.next_timeout` to `height` (0 = disarm); updates `st`. */
export function rearmTimer(kv: KvStateLike, st: RuntimeState, height: bigint): void {
  if (st.next_timeout !== 0n) kv.delete(timerKey(st.next_timeout, st.runtime_id));
  if (height !== 0n) kv.set(timerKey(height, st.runtime_id), new Uint8Array());
  st.next_timeout = height;
}

/** The last normal round's results. */
export async function readRoundResults(kv: KvRead, runtime: Uint8Array): Promise<RoundResults | null> {
  const b = await kv.get(roundResultsKey(runtime));
  return b === null ? null : decodeStored(roundResultsCodec, b);
}

/** Store the last normal round's results. */
export function writeRoundResults(kv: KvStateLike, runtime: Uint8Array, r: RoundResults): void {
  kv.set(roundResultsKey(runtime), encodeWith(roundResultsCodec, r));
}
