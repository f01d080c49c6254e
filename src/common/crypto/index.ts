export * from './context.js';
export {
  ECVRF_OUTPUT_SIZE,
  ECVRF_PROOF_SIZE,
  ECVRF_PUBLIC_KEY_SIZE,
  ecvrfProofToHash,
  ecvrfProve,
  ecvrfPublicKey,
  ecvrfValidatePublicKey,
  ecvrfVerify,
} from './ecvrf.js';
export * from './ed25519.js';
export { PublicKeyCache } from './key-cache.js';
export * from './signed.js';
export * from './signed-bytes.js';
export { isSmallOrderEncoding, SMALL_ORDER_ENCODINGS } from './small-order.js';
