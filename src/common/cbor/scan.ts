/**
 * A bounded structural pass over raw CBOR that runs before any value is built. It enforces the
 * limits (size, depth, item count), refuses everything outside Tandem's canonical subset
 * (indefinite lengths, tags, floats, `undefined`, simple values, non-minimal heads) and checks that
 * every declared length fits in the remaining input, so a hostile length never causes allocation.
 * It allocates nothing but a stack of counters.
 */
import { CborError } from './errors.js';
import type { DecodeLimits } from './limits.js';

const MAJOR_UINT = 0;
const MAJOR_NINT = 1;
const MAJOR_BYTES = 2;
const MAJOR_TEXT = 3;
const MAJOR_ARRAY = 4;
const MAJOR_MAP = 5;
const MAJOR_TAG = 6;

// The head just read: its major type and length (set by readHead, which returns the argument, so
// that no tuple is allocated per item of a message of thousands).
let headMajor = 0;
let headLen = 0;

/** Reads one head at `pos`: returns its argument (capped to 2^53); sets headMajor and headLen. */
function readHead(b: Uint8Array, pos: number): number {
  const ib = b[pos]!;
  const major = ib >> 5;
  const ai = ib & 0x1f;
  headMajor = major;
  if (ai < 24) {
    headLen = 1;
    return ai;
  }
  const extra = ai === 24 ? 1 : ai === 25 ? 2 : ai === 26 ? 4 : ai === 27 ? 8 : 0;
  if (extra === 0) {
    if (ai === 31) throw new CborError(CborError.INDEFINITE_LENGTH, `indefinite length at offset ${pos}`);
    throw new CborError(CborError.MALFORMED, `reserved additional info ${ai} at offset ${pos}`);
  }
  if (pos + 1 + extra > b.length) throw new CborError(CborError.TRUNCATED, `truncated head at offset ${pos}`);
  let v = 0;
  for (let i = 1; i <= extra; i++) v = v * 256 + b[pos + i]!;
  // Shortest form: each width must be needed.
  const min = extra === 1 ? 24 : extra === 2 ? 0x100 : extra === 4 ? 0x10000 : 0x100000000;
  if (major !== 7 && v < min) {
    throw new CborError(CborError.NON_MINIMAL_INTEGER, `non-minimal encoding at offset ${pos}`);
  }
  headLen = 1 + extra;
  return v;
}

/**
 * Validate `b` as exactly one canonical-subset CBOR item within `limits`.
 * Throws a {@link CborError} naming the first problem found.
 */
export function scanCbor(b: Uint8Array, limits: DecodeLimits): void {
  if (b.length > limits.maxSize) {
    throw new CborError(CborError.TOO_LARGE, `input of ${b.length} bytes exceeds limit ${limits.maxSize}`);
  }
  if (b.length === 0) throw new CborError(CborError.TRUNCATED, 'empty input');
  // remaining[i] = items still expected in the container at depth i+1.
  const remaining: number[] = [];
  let pos = 0;
  let items = 0;
  for (;;) {
    if (pos >= b.length) throw new CborError(CborError.TRUNCATED, `truncated at offset ${pos}`);
    if (++items > limits.maxItems) {
      throw new CborError(CborError.TOO_MANY_ITEMS, `more than ${limits.maxItems} items`);
    }
    const arg = readHead(b, pos);
    const major = headMajor;
    const hl = headLen;
    pos += hl;
    const left = b.length - pos;
    switch (major) {
      case MAJOR_UINT:
      case MAJOR_NINT:
        break;
      case MAJOR_BYTES:
      case MAJOR_TEXT:
        if (arg > left) throw new CborError(CborError.TRUNCATED, `string of ${arg} bytes exceeds input`);
        pos += arg;
        break;
      case MAJOR_ARRAY:
      case MAJOR_MAP: {
        const n = major === MAJOR_MAP ? arg * 2 : arg;
        if (n > left) throw new CborError(CborError.TRUNCATED, `container of ${arg} entries exceeds input`);
        if (n > 0) {
          if (remaining.length + 1 > limits.maxDepth) {
            throw new CborError(CborError.TOO_DEEP, `nesting deeper than ${limits.maxDepth}`);
          }
          remaining.push(n);
          continue;
        }
        break;
      }
      case MAJOR_TAG:
        throw new CborError(CborError.TAG_NOT_ALLOWED, `tag at offset ${pos - hl}`);
      default: {
        // Major 7: only false (20), true (21) and null (22) are allowed.
        const ai = b[pos - hl]! & 0x1f;
        if (ai >= 25 && ai <= 27)
          throw new CborError(CborError.FLOAT_NOT_ALLOWED, `float at offset ${pos - hl}`);
        if (ai < 20 || ai > 22) {
          throw new CborError(CborError.UNSUPPORTED_VALUE, `simple value ${ai} at offset ${pos - hl}`);
        }
      }
    }
    // One item finished: pop every container it completes.
    while (remaining.length > 0) {
      const top = remaining.length - 1;
      remaining[top]! -= 1;
      if (remaining[top]! > 0) break;
      remaining.pop();
    }
    if (remaining.length === 0) break;
  }
  if (pos !== b.length) throw new CborError(CborError.TRAILING_BYTES, `${b.length - pos} trailing bytes`);
}
