/** Method and event names of the beacon service, and its fixed constants. */

/** Service (module) name. */
export const BEACON_MODULE = 'beacon';
/** `beacon.VRFProve {epoch, pi}`: a node's VRF proof over the current epoch's alpha. */
export const METHOD_VRF_PROVE = 'beacon.VRFProve';
/** Gas charged for `beacon.VRFProve` (one ECVRF verification). */
export const VRF_PROVE_GAS = 1000n;

/** Event emitted when an epoch's beacon value is fixed: `{epoch, beacon}`. */
export const EVENT_BEACON = 'Beacon';
/** Event emitted when a VRF epoch starts: `{epoch, alpha, high_quality, submit_after}`. */
export const EVENT_VRF_EPOCH = 'VRFEpoch';
/** Event emitted when a proof is accepted: `{epoch, node}`. */
export const EVENT_VRF_PROOF = 'VRFProof';

/** Size of a beacon value in bytes. */
export const BEACON_SIZE = 32;
/** Epochs whose beacon values and proofs are kept (the current one and the previous one). */
export const KEEP_EPOCHS = 2n;
/** At most this many VRF keys in the genesis table. */
export const MAX_GENESIS_VRF_KEYS = 10_000;
