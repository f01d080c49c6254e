/** Read-only view of the beacon's state. Stored values are decoded strictly. */
import { type Codec, decodeWith, TandemError } from '../../../common/index.js';
import type { KvState } from '../../../consensus/index.js';
import {
  BEACON_SIZE,
  BeaconError,
  type BeaconParams,
  beaconParamsCodec,
  type EpochState,
  epochStateCodec,
  type NodeBeta,
  type ProofRecord,
  proofRecordCodec,
  type VrfState,
  vrfStateCodec,
} from '../api/index.js';
import {
  beaconKey,
  epochStateKey,
  paramsKey,
  parseProofKey,
  proofKey,
  proofPrefix,
  vrfKeyKey,
  vrfStateKey,
} from './keys.js';

/** The part of {@link KvState} a reader needs. */
export type KvReader = Pick<KvState, 'get' | 'entries'>;

/** What elections may use this epoch: the previous epoch's outputs, if its alpha was high quality. */
export interface ElectionBetas {
  /** False when the proofs were over a low-quality alpha (or there is no VRF state). */
  readonly canElect: boolean;
  /** Outputs sorted by node public key. */
  readonly betas: readonly NodeBeta[];
}

function corrupt(what: string, e: unknown): never {
  const why = e instanceof TandemError ? e.message : String(e);
  throw new BeaconError(BeaconError.CORRUPT_STATE, `beacon state: ${what} does not decode: ${why}`);
}

/** Read-only view over a KV state (a snapshot or a block's working state). */
export class BeaconStateReader {
  constructor(protected readonly kv: KvReader) {}

  protected async record<T>(key: Uint8Array, codec: Codec<T>): Promise<T | null> {
    const raw = await this.kv.get(key);
    if (raw === null) return null;
    try {
      return decodeWith(codec, raw);
    } catch (e) {
      return corrupt(codec.name, e);
    }
  }

  /** The parameters, or null before genesis. */
  paramsOrNull(): Promise<BeaconParams | null> {
    return this.record(paramsKey, beaconParamsCodec);
  }

  /** The parameters; NOT_INITIALIZED before genesis. */
  async params(): Promise<BeaconParams> {
    const p = await this.paramsOrNull();
    if (p === null) throw new BeaconError(BeaconError.NOT_INITIALIZED, 'beacon: no genesis state');
    return p;
  }

  /** The last epoch transitioned to and the carried entropy root, or null before genesis. */
  epochState(): Promise<EpochState | null> {
    return this.record(epochStateKey, epochStateCodec);
  }

  /** The VRF backend's state, or null (insecure backend, or before genesis). */
  vrfState(): Promise<VrfState | null> {
    return this.record(vrfStateKey, vrfStateCodec);
  }

  /** The 32-byte beacon value of `epoch`, or null if not (or no longer) stored. */
  async beaconOrNull(epoch: bigint): Promise<Uint8Array | null> {
    const v = await this.kv.get(beaconKey(epoch));
    if (v !== null && v.length !== BEACON_SIZE) corrupt('beacon value', `${v.length} bytes`);
    return v;
  }

  /** The beacon value of `epoch`; BEACON_UNAVAILABLE if absent. */
  async beacon(epoch: bigint): Promise<Uint8Array> {
    const v = await this.beaconOrNull(epoch);
    if (v === null)
      throw new BeaconError(BeaconError.BEACON_UNAVAILABLE, `beacon: no value for epoch ${epoch}`);
    return v;
  }

  /** `node`'s accepted proof in `epoch`, or null. */
  proof(epoch: bigint, node: Uint8Array): Promise<ProofRecord | null> {
    return this.record(proofKey(epoch, node), proofRecordCodec);
  }

  /** All outputs accepted in `epoch`, sorted by node public key. */
  async proofs(epoch: bigint): Promise<NodeBeta[]> {
    const out: NodeBeta[] = [];
    for await (const [k, v] of this.kv.entries(proofPrefix(epoch))) {
      let rec: ProofRecord;
      try {
        rec = decodeWith(proofRecordCodec, v);
      } catch (e) {
        return corrupt('VrfProofRecord', e);
      }
      out.push({ node: parseProofKey(k).node, beta: rec.beta });
    }
    return out;
  }

  /** `node`'s VRF public key from the genesis table, or null. */
  async genesisVrfKey(node: Uint8Array): Promise<Uint8Array | null> {
    const v = await this.kv.get(vrfKeyKey(node));
    if (v !== null && v.length !== 32) corrupt('VRF key', `${v.length} bytes`);
    return v;
  }

  /** Inputs of this epoch's VRF elections (spec/oasis.md §5: the previous epoch's proofs). */
  async electionBetas(): Promise<ElectionBetas> {
    const s = await this.vrfState();
    if (s === null || s.prev_epoch === undefined) return { canElect: false, betas: [] };
    return { canElect: s.prev_can_elect, betas: await this.proofs(s.prev_epoch) };
  }
}
