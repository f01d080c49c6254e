/**
 * Signature domain separation, constructed exactly as Oasis Core does it: a context string
 * `"<prefix>/<module>: <use>"`, an optional dynamic suffix (e.g. `" for runtime <hex id>"`), then
 * chain separation `" for chain <chain context>"`. The signed message is
 * `SHA-512/256(context ‖ message)`. Tandem's prefix is `tandem`; configuring `oasis-core`
 * reproduces Oasis signatures bit for bit.
 */
import { CommonError } from '../errors.js';

/** Oasis limits contexts to 255 bytes. */
export const MAX_CONTEXT_LENGTH = 255;

/** Separator between a context and the chain context. */
export const CHAIN_SEPARATOR = ' for chain ';

let contextPrefix = 'tandem';

/** The prefix used by {@link context}; `tandem` unless configured (tests of Oasis vectors). */
export function getContextPrefix(): string {
  return contextPrefix;
}

/**
 * Set the context prefix process-wide. Only for compatibility tests and tools: every node of a
 * chain must use the same prefix, and it never changes at run time in a node.
 */
export function setContextPrefix(prefix: string): void {
  if (!/^[a-z0-9-]{1,32}$/.test(prefix)) {
    throw new CommonError(CommonError.INVALID_CONTEXT, `invalid context prefix ${JSON.stringify(prefix)}`);
  }
  contextPrefix = prefix;
}

/** Run `f` with a temporary prefix (restored afterwards, even on throw). */
export function withContextPrefix<T>(prefix: string, f: () => T): T {
  const old = contextPrefix;
  setContextPrefix(prefix);
  try {
    return f();
  } finally {
    contextPrefix = old;
  }
}

/** A base context: `"<prefix>/<module>: <use>"`. */
export function context(module: string, use: string): string {
  return checkContext(`${contextPrefix}/${module}: ${use}`);
}

/**
 * The full context: base, then dynamic suffix, then chain separation (the order Oasis uses).
 * `chainContext` is the hex chain context of the genesis document; omit it only for contexts that
 * Oasis itself signs without chain separation (e.g. the RAK compute results header).
 */
export function fullContext(base: string, opts: { suffix?: string; chainContext?: string } = {}): string {
  let c = base;
  if (opts.suffix) c += opts.suffix;
  if (opts.chainContext !== undefined) {
    if (!/^[0-9a-f]{64}$/.test(opts.chainContext)) {
      throw new CommonError(CommonError.INVALID_CONTEXT, 'chain context must be 64 lower-case hex digits');
    }
    c += CHAIN_SEPARATOR + opts.chainContext;
  }
  return checkContext(c);
}

function checkContext(c: string): string {
  if (Buffer.byteLength(c, 'utf8') > MAX_CONTEXT_LENGTH || c.length === 0) {
    throw new CommonError(
      CommonError.INVALID_CONTEXT,
      `signature context empty or over ${MAX_CONTEXT_LENGTH} bytes`,
    );
  }
  return c;
}
