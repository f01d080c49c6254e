/**
 * Beacon types and their canonical CBOR codecs: parameters, genesis, the `beacon.VRFProve` body
 * and the records kept in state. Struct field names are the wire names.
 */
import {
  array,
  bool,
  bytes,
  bytes32,
  CborError,
  type Codec,
  ECVRF_OUTPUT_SIZE,
  ECVRF_PROOF_SIZE,
  type Infer,
  optional,
  struct,
  u64,
} from '../../../common/index.js';
import { MAX_GENESIS_VRF_KEYS } from './methods.js';

/** Beacon backends: `insecure` (block entropy; tests only) or `vrf` (ECVRF proofs). */
export type BeaconBackend = 'insecure' | 'vrf';

const backend: Codec<BeaconBackend> = {
  name: 'backend',
  toCbor: (v, path) => checkBackend(v, path),
  fromCbor: (r, path) => checkBackend(r, path),
};
function checkBackend(v: unknown, path: string): BeaconBackend {
  if (v !== 'insecure' && v !== 'vrf') {
    throw new CborError(CborError.SCHEMA, `${path || 'backend'}: expected "insecure" or "vrf"`);
  }
  return v;
}

/** Consensus parameters of the beacon. */
export const beaconParamsCodec = struct(
  {
    backend,
    /** Blocks after an epoch's start before proofs are accepted (VRF). */
    proof_delay: u64,
    /** Proofs needed for the next alpha to be high quality (VRF); at least 1. */
    alpha_hq_threshold: u64,
  },
  'BeaconParams',
);
/** Consensus parameters of the beacon. */
export type BeaconParams = Infer<typeof beaconParamsCodec>;

/** One entry of the genesis VRF key table (stands in for the registry until it exists). */
export const vrfKeyEntryCodec = struct({ node: bytes32, vrf: bytes32 }, 'VrfKeyEntry');
/** One entry of the genesis VRF key table. */
export type VrfKeyEntry = Infer<typeof vrfKeyEntryCodec>;

/** The beacon's genesis document. */
export const beaconGenesisCodec = struct(
  {
    params: beaconParamsCodec,
    vrf_keys: optional(array(vrfKeyEntryCodec, MAX_GENESIS_VRF_KEYS)),
    /** Initial previous-root input of the block entropy (default: 32 zero bytes). */
    entropy_seed: optional(bytes32),
  },
  'BeaconGenesis',
);
/** The beacon's genesis document. */
export type BeaconGenesis = Infer<typeof beaconGenesisCodec>;

/** Body of `beacon.VRFProve`. */
export const vrfProveBodyCodec = struct({ epoch: u64, pi: bytes({ len: ECVRF_PROOF_SIZE }) }, 'VRFProve');
/** Body of `beacon.VRFProve`. */
export type VrfProveBody = Infer<typeof vrfProveBodyCodec>;

/** State record: the last epoch transitioned to and the entropy root carried to the next. */
export const epochStateCodec = struct(
  {
    /** Absent between genesis and the first transition. */
    epoch: optional(u64),
    entropy_root: bytes32,
  },
  'BeaconEpochState',
);
/** State record: the last epoch transitioned to and the entropy root carried to the next. */
export type EpochState = Infer<typeof epochStateCodec>;

/** State record of the VRF backend for the current epoch. */
export const vrfStateCodec = struct(
  {
    epoch: u64,
    alpha: bytes32,
    /** Whether `alpha` came from enough proofs (else from block entropy). */
    high_quality: bool,
    /** First height at which proofs for `epoch` are accepted. */
    submit_after: u64,
    /** The epoch before `epoch` whose proofs this epoch's elections use (absent at genesis). */
    prev_epoch: optional(u64),
    /** Whether the previous epoch's proofs were over a high-quality alpha (elections may use them). */
    prev_can_elect: bool,
  },
  'VrfState',
);
/** State record of the VRF backend for the current epoch. */
export type VrfState = Infer<typeof vrfStateCodec>;

/** A stored accepted proof and its output. */
export const proofRecordCodec = struct(
  { pi: bytes({ len: ECVRF_PROOF_SIZE }), beta: bytes({ len: ECVRF_OUTPUT_SIZE }) },
  'VrfProofRecord',
);
/** A stored accepted proof and its output. */
export type ProofRecord = Infer<typeof proofRecordCodec>;

/** A node's VRF output, as elections consume it. */
export interface NodeBeta {
  readonly node: Uint8Array;
  readonly beta: Uint8Array;
}
