/**
 * The signed-transaction envelope: read directly when it has its one canonical layout (common's
 * `readCanonicalSigned`), else strictly decoded only to word the error. Accepts precisely what the
 * generic strict decoder accepts (a test checks the equivalence).
 */
import { decodeWith, readCanonicalSigned, type SignedParts, signedCodec } from '../../common/index.js';
import { ConsensusError } from '../errors.js';

/** The parts of a signed envelope. */
export type EnvelopeParts = SignedParts;

function malformed(msg: string): never {
  throw new ConsensusError(ConsensusError.MALFORMED_TX, `malformed transaction envelope: ${msg}`);
}

/** Read a canonical signed envelope; throws {@link ConsensusError.MALFORMED_TX} otherwise. */
export function readEnvelope(b: Uint8Array): EnvelopeParts {
  const parts = readCanonicalSigned(b);
  if (parts !== undefined) return parts;
  try {
    decodeWith(signedCodec, b);
  } catch (e) {
    malformed((e as Error).message);
  }
  // Unreachable: whatever the strict decoder accepts has the canonical layout read above.
  return malformed('not in the canonical layout');
}
