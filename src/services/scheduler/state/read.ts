/** Read-only view of the scheduler's state. Stored values are decoded strictly. */
import { bytesEqual, type Codec, decodeWith, TandemError } from '../../../common/index.js';
import {
  type Committee,
  committeeCodec,
  type KvReader,
  type SchedulerEpochState,
  SchedulerError,
  type SchedulerParams,
  schedulerEpochStateCodec,
  schedulerParamsCodec,
} from '../api/index.js';
import {
  committeeKey,
  epochCommitteesPrefix,
  epochStateKey,
  paramsKey,
  parseCommitteeKey,
  runtimeCommitteesPrefix,
} from './keys.js';

function corrupt(what: string, e: unknown): never {
  const why = e instanceof TandemError ? e.message : String(e);
  throw new SchedulerError(SchedulerError.CORRUPT_STATE, `scheduler state: ${what} does not decode: ${why}`);
}

function decode<T>(codec: Codec<T>, raw: Uint8Array): T {
  try {
    return decodeWith(codec, raw);
  } catch (e) {
    return corrupt(codec.name, e);
  }
}

/** Decode a stored committee and check it is the one its key names. */
export function decodeStoredCommittee(key: Uint8Array, raw: Uint8Array): Committee {
  const k = parseCommitteeKey(key);
  const c = decode(committeeCodec, raw);
  if (c.kind !== k.kind || c.valid_for !== k.epoch || !bytesEqual(c.runtime_id, k.runtimeId)) {
    throw new SchedulerError(
      SchedulerError.CORRUPT_STATE,
      'scheduler state: committee disagrees with its key',
    );
  }
  return c;
}

/** Read-only view over a KV state (a snapshot or a block's working state). */
export class SchedulerStateReader {
  constructor(protected readonly kv: KvReader) {}

  private async record<T>(key: Uint8Array, codec: Codec<T>): Promise<T | null> {
    const raw = await this.kv.get(key);
    return raw === null ? null : decode(codec, raw);
  }

  /** The parameters, or null before genesis. */
  paramsOrNull(): Promise<SchedulerParams | null> {
    return this.record(paramsKey, schedulerParamsCodec);
  }

  /** The parameters; NOT_INITIALIZED before genesis. */
  async params(): Promise<SchedulerParams> {
    const p = await this.paramsOrNull();
    if (p === null) throw new SchedulerError(SchedulerError.NOT_INITIALIZED, 'scheduler: no genesis state');
    return p;
  }

  /** The base epoch and the last epoch elected for, or null before genesis. */
  epochState(): Promise<SchedulerEpochState | null> {
    return this.record(epochStateKey, schedulerEpochStateCodec);
  }

  /** The committee of `kind` for `runtimeId` valid for `epoch`, or null. */
  async committee(runtimeId: Uint8Array, kind: number, epoch: bigint): Promise<Committee | null> {
    const key = committeeKey(epoch, runtimeId, kind);
    const raw = await this.kv.get(key);
    return raw === null ? null : decodeStoredCommittee(key, raw);
  }

  /** The committees of `runtimeId` valid for `epoch`, by kind. */
  runtimeCommittees(runtimeId: Uint8Array, epoch: bigint): Promise<Committee[]> {
    return this.scan(runtimeCommitteesPrefix(epoch, runtimeId));
  }

  /** All committees valid for `epoch`, in key order (runtime id, then kind). */
  epochCommittees(epoch: bigint): Promise<Committee[]> {
    return this.scan(epochCommitteesPrefix(epoch));
  }

  private async scan(prefix: Uint8Array): Promise<Committee[]> {
    const out: Committee[] = [];
    for await (const [k, v] of this.kv.entries(prefix)) out.push(decodeStoredCommittee(k, v));
    return out;
  }
}

/** The committee of `kind` for `runtimeId` valid for `epoch`, or null (query for other services). */
export function committee(
  state: KvReader,
  runtimeId: Uint8Array,
  kind: number,
  epoch: bigint,
): Promise<Committee | null> {
  return new SchedulerStateReader(state).committee(runtimeId, kind, epoch);
}
