/**
 * Where a node's VRF public key comes from. Until the registry exists, the beacon's genesis holds a
 * table {node public key → VRF public key}; the registry will supply its own lookup through
 * {@link BeaconOptions.vrfKeyLookup} without touching the handlers.
 */
import type { KvState } from '../../../consensus/index.js';
import { BeaconStateReader } from '../state/index.js';

/** Finds the VRF public key registered for a node, or null if the node has none. */
export type VrfKeyLookup = (state: KvState, node: Uint8Array) => Promise<Uint8Array | null>;

/** The default lookup: the genesis VRF key table kept in the beacon's own state. */
export const genesisVrfKeyLookup: VrfKeyLookup = (state, node) =>
  new BeaconStateReader(state).genesisVrfKey(node);
