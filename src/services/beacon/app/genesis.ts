/**
 * Beacon genesis: validate the parameters and the VRF key table, store them, then run the
 * transition into the genesis epoch so that epoch has a beacon value (and, for VRF, an alpha).
 */
import { CborError, ecvrfValidatePublicKey, TandemError, toHex } from '../../../common/index.js';
import type { BlockContext } from '../../../consensus/index.js';
import { BeaconError, type BeaconGenesis, type BeaconParams, beaconGenesisCodec } from '../api/index.js';
import { BeaconStateWriter } from '../state/index.js';
import type { BeaconOptions } from './options.js';
import { transitionEpoch } from './transition.js';

/** Largest accepted proof delay and alpha threshold (keeps height arithmetic far from u64 overflow). */
const MAX_PARAM = 1n << 48n;

/** Check parameter ranges; INVALID_PARAMS otherwise. */
export function validateParams(p: BeaconParams): void {
  if (p.proof_delay > MAX_PARAM)
    throw new BeaconError(BeaconError.INVALID_PARAMS, 'beacon: proof_delay too large');
  if (p.alpha_hq_threshold < 1n || p.alpha_hq_threshold > MAX_PARAM) {
    throw new BeaconError(BeaconError.INVALID_PARAMS, 'beacon: alpha_hq_threshold must be at least 1');
  }
}

function decodeGenesis(raw: unknown): BeaconGenesis {
  try {
    return beaconGenesisCodec.fromCbor(raw, 'beacon');
  } catch (e) {
    if (!(e instanceof CborError)) throw e;
    throw new BeaconError(BeaconError.INVALID_GENESIS, `beacon genesis: ${e.message}`);
  }
}

function validateKeys(g: BeaconGenesis): void {
  const seen = new Set<string>();
  for (const { node, vrf } of g.vrf_keys ?? []) {
    const id = toHex(node);
    if (seen.has(id))
      throw new BeaconError(BeaconError.INVALID_GENESIS, `beacon genesis: node ${id} listed twice`);
    seen.add(id);
    try {
      ecvrfValidatePublicKey(vrf);
    } catch (e) {
      if (!(e instanceof TandemError)) throw e;
      throw new BeaconError(BeaconError.INVALID_GENESIS, `beacon genesis: VRF key of ${id}: ${e.message}`);
    }
  }
}

/** Write the beacon's genesis state into `ctx.state` (VED). */
export async function initBeaconGenesis(ctx: BlockContext, raw: unknown, opts: BeaconOptions): Promise<void> {
  const g = decodeGenesis(raw);
  validateParams(g.params);
  validateKeys(g);
  const w = new BeaconStateWriter(ctx.state);
  if ((await w.paramsOrNull()) !== null) {
    throw new BeaconError(BeaconError.INVALID_GENESIS, 'beacon genesis: state already initialized');
  }
  w.setParams(g.params);
  for (const { node, vrf } of g.vrf_keys ?? []) w.setGenesisVrfKey(node, vrf);
  w.setEpochState({ entropy_root: g.entropy_seed ?? new Uint8Array(32) });
  await transitionEpoch(ctx, ctx.epoch, opts);
}
