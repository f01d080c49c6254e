/**
 * The epoch transition, run in the first block of each epoch (and at genesis for the genesis
 * epoch). It is idempotent: an epoch at or below the last one transitioned to is ignored.
 *
 * Entropy root (the "previous state root" input of the block entropy): {@link
 * BeaconOptions.previousRoot} if given, else the beacon's own chain — the genesis `entropy_seed`
 * at first, then each transition's beacon value. The chain makes every beacon depend on all
 * earlier ones without the service needing the block's state root, which its contract lacks.
 */
import type { BlockContext } from '../../../consensus/index.js';
import {
  BEACON_MODULE,
  BeaconError,
  type BeaconParams,
  EVENT_BEACON,
  EVENT_VRF_EPOCH,
  KEEP_EPOCHS,
  type VrfState,
} from '../api/index.js';
import { BeaconStateWriter } from '../state/index.js';
import {
  blockEntropy,
  highQualityAlpha,
  insecureBeacon,
  lowQualityAlpha,
  sortByNode,
  vrfBeacon,
} from './entropy.js';
import type { BeaconOptions } from './options.js';

function entropyRoot(ctx: BlockContext, stored: Uint8Array, opts: BeaconOptions): Uint8Array {
  const injected = opts.previousRoot?.(ctx) ?? null;
  if (injected === null) return stored;
  if (!(injected instanceof Uint8Array) || injected.length !== 32) {
    throw new BeaconError(BeaconError.INVALID_PARAMS, 'beacon: previousRoot must give 32 bytes');
  }
  return injected;
}

/** Move the beacon to `epoch`: derive and store its beacon value (and, for VRF, its alpha). */
export async function transitionEpoch(ctx: BlockContext, epoch: bigint, opts: BeaconOptions): Promise<void> {
  const w = new BeaconStateWriter(ctx.state);
  const params = await w.params();
  const es = await w.epochState();
  if (es === null) throw new BeaconError(BeaconError.NOT_INITIALIZED, 'beacon: no epoch state');
  if (es.epoch !== undefined && es.epoch >= epoch) return;
  const entropy = blockEntropy(ctx.height, ctx.timeMs, entropyRoot(ctx, es.entropy_root, opts));
  const beacon =
    params.backend === 'vrf'
      ? await vrfTransition(ctx, w, params, epoch, entropy)
      : insecureBeacon(entropy, epoch);
  w.setBeacon(epoch, beacon);
  if (epoch + 1n >= KEEP_EPOCHS) await w.deleteBeaconsBefore(epoch + 1n - KEEP_EPOCHS);
  w.setEpochState({ epoch, entropy_root: beacon });
  ctx.emit({ module: BEACON_MODULE, kind: EVENT_BEACON, value: { epoch, beacon } });
}

/**
 * VRF step: the outputs accepted during the previous epoch decide the new alpha (high quality
 * when there are at least `alpha_hq_threshold` of them) and the epoch's beacon value; those
 * proofs stay stored for this epoch's elections, older ones are dropped.
 */
async function vrfTransition(
  ctx: BlockContext,
  w: BeaconStateWriter,
  params: BeaconParams,
  epoch: bigint,
  entropy: Uint8Array,
): Promise<Uint8Array> {
  const prev = await w.vrfState();
  const betas = prev === null ? [] : sortByNode(await w.proofs(prev.epoch));
  const hq = prev !== null && BigInt(betas.length) >= params.alpha_hq_threshold;
  const cc = ctx.chainContext;
  const next: VrfState = {
    epoch,
    alpha: hq ? highQualityAlpha(cc, epoch, betas) : lowQualityAlpha(cc, epoch, entropy),
    high_quality: hq,
    submit_after: ctx.height + params.proof_delay,
    prev_can_elect: prev?.high_quality ?? false,
  };
  if (prev !== null) {
    next.prev_epoch = prev.epoch;
    await w.deleteProofsBefore(prev.epoch);
  }
  w.setVrfState(next);
  const { alpha, high_quality, submit_after } = next;
  ctx.emit({
    module: BEACON_MODULE,
    kind: EVENT_VRF_EPOCH,
    value: { epoch, alpha, high_quality, submit_after },
  });
  return hq ? vrfBeacon(cc, epoch, betas) : insecureBeacon(entropy, epoch);
}
