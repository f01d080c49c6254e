/** Writable view of the beacon's state; every value is written in its canonical encoding. */
import { encodeWith } from '../../../common/index.js';
import type { KvState } from '../../../consensus/index.js';
import {
  type BeaconParams,
  beaconParamsCodec,
  type EpochState,
  epochStateCodec,
  type ProofRecord,
  proofRecordCodec,
  type VrfState,
  vrfStateCodec,
} from '../api/index.js';
import {
  beaconKey,
  beaconPrefixAll,
  epochStateKey,
  paramsKey,
  parseBeaconKey,
  parseProofKey,
  proofKey,
  proofPrefixAll,
  vrfKeyKey,
  vrfStateKey,
} from './keys.js';
import { BeaconStateReader } from './read.js';

/** Writable view over a block's working state. */
export class BeaconStateWriter extends BeaconStateReader {
  constructor(private readonly state: KvState) {
    super(state);
  }

  /** Store the parameters. */
  setParams(p: BeaconParams): void {
    this.state.set(paramsKey, encodeWith(beaconParamsCodec, p));
  }

  /** Store the epoch state. */
  setEpochState(s: EpochState): void {
    this.state.set(epochStateKey, encodeWith(epochStateCodec, s));
  }

  /** Store the VRF state. */
  setVrfState(s: VrfState): void {
    this.state.set(vrfStateKey, encodeWith(vrfStateCodec, s));
  }

  /** Store the beacon value of `epoch`. */
  setBeacon(epoch: bigint, value: Uint8Array): void {
    this.state.set(beaconKey(epoch), value);
  }

  /** Drop every beacon value of an epoch below `epoch`. */
  async deleteBeaconsBefore(epoch: bigint): Promise<void> {
    await this.deleteWhile(beaconPrefixAll, (k) => parseBeaconKey(k) < epoch);
  }

  /** Store `node`'s accepted proof in `epoch`. */
  setProof(epoch: bigint, node: Uint8Array, rec: ProofRecord): void {
    this.state.set(proofKey(epoch, node), encodeWith(proofRecordCodec, rec));
  }

  /** Drop every proof of an epoch below `epoch` (keys are in epoch order, so this stops early). */
  async deleteProofsBefore(epoch: bigint): Promise<void> {
    await this.deleteWhile(proofPrefixAll, (k) => parseProofKey(k).epoch < epoch);
  }

  /** Delete keys under `prefix` in key order while `stale` holds (collected first, then deleted). */
  private async deleteWhile(prefix: Uint8Array, stale: (key: Uint8Array) => boolean): Promise<void> {
    const keys: Uint8Array[] = [];
    for await (const [k] of this.state.entries(prefix)) {
      if (!stale(k)) break;
      keys.push(k);
    }
    for (const k of keys) this.state.delete(k);
  }

  /** Store `node`'s VRF public key in the genesis table. */
  setGenesisVrfKey(node: Uint8Array, vrf: Uint8Array): void {
    this.state.set(vrfKeyKey(node), vrf);
  }
}
