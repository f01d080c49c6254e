/**
 * `beacon.VRFProve {epoch, pi}`: a node proves the current epoch's alpha with its VRF key. The
 * signer is the node. Accepted once per node per epoch, only from the epoch's `submit_after`
 * height on, and only if the proof verifies against the node's VRF public key. Every check runs
 * before the single write, so a rejected proof changes nothing.
 */
import { CommonError, ecvrfVerify, toHex } from '../../../common/index.js';
import type { MethodDef, TxContext } from '../../../consensus/index.js';
import {
  BEACON_MODULE,
  BeaconError,
  EVENT_VRF_PROOF,
  METHOD_VRF_PROVE,
  VRF_PROVE_GAS,
  type VrfProveBody,
  type VrfState,
  vrfProveBodyCodec,
} from '../api/index.js';
import { BeaconStateWriter } from '../state/index.js';
import type { VrfKeyLookup } from './vrf-keys.js';

async function currentVrfState(w: BeaconStateWriter): Promise<VrfState> {
  const params = await w.params();
  if (params.backend !== 'vrf') {
    throw new BeaconError(BeaconError.WRONG_BACKEND, 'beacon: VRF proofs need the vrf backend');
  }
  const s = await w.vrfState();
  if (s === null) throw new BeaconError(BeaconError.NOT_INITIALIZED, 'beacon: no VRF state');
  return s;
}

function checkTiming(ctx: TxContext, s: VrfState, body: VrfProveBody): void {
  if (body.epoch !== s.epoch || ctx.epoch !== s.epoch) {
    throw new BeaconError(
      BeaconError.WRONG_EPOCH,
      `beacon: proof for epoch ${body.epoch}, current is ${s.epoch}`,
    );
  }
  if (ctx.height < s.submit_after) {
    throw new BeaconError(
      BeaconError.PROOF_TOO_EARLY,
      `beacon: proofs accepted from height ${s.submit_after}, this is ${ctx.height}`,
    );
  }
}

function verifyProof(vrfKey: Uint8Array, alpha: Uint8Array, pi: Uint8Array): Uint8Array {
  try {
    return ecvrfVerify(vrfKey, alpha, pi);
  } catch (e) {
    if (!(e instanceof CommonError)) throw e;
    throw new BeaconError(BeaconError.INVALID_PROOF, `beacon: ${e.message}`);
  }
}

/** Handle one `beacon.VRFProve`. */
export async function handleVrfProve(
  ctx: TxContext,
  body: VrfProveBody,
  lookup: VrfKeyLookup,
): Promise<void> {
  const w = new BeaconStateWriter(ctx.state);
  const s = await currentVrfState(w);
  checkTiming(ctx, s, body);
  const node = ctx.signer;
  const vrfKey = await lookup(ctx.state, node);
  if (vrfKey === null) {
    throw new BeaconError(BeaconError.UNKNOWN_NODE, `beacon: node ${toHex(node)} has no VRF key`);
  }
  if ((await w.proof(s.epoch, node)) !== null) {
    throw new BeaconError(
      BeaconError.DUPLICATE_PROOF,
      `beacon: node ${toHex(node)} already proved epoch ${s.epoch}`,
    );
  }
  const beta = verifyProof(vrfKey, s.alpha, body.pi);
  w.setProof(s.epoch, node, { pi: body.pi, beta });
  ctx.emit({ module: BEACON_MODULE, kind: EVENT_VRF_PROOF, value: { epoch: s.epoch, node } });
}

/** The `beacon.VRFProve` method definition (VED). */
export function vrfProveMethod(lookup: VrfKeyLookup): MethodDef<VrfProveBody> {
  return {
    name: METHOD_VRF_PROVE,
    domain: 'ved',
    body: vrfProveBodyCodec,
    gas: VRF_PROVE_GAS,
    handle: (ctx, body) => handleVrfProve(ctx, body, lookup),
  };
}
