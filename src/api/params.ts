/**
 * Zod schemas of every method's params: strict objects (unknown fields are rejected), bounded
 * strings, hex and bech32 checked and decoded here, so methods receive typed values only.
 */
import { z } from 'zod';
import { addressFromString, decodeHexStrict, fromHex } from '../common/index.js';

/** Largest transaction the API accepts, in bytes (the body limit usually bites first). */
export const MAX_TX_BYTES = 1024 * 1024;
/** Longest wait a caller may ask for. */
export const MAX_TIMEOUT_MS = 10 * 60 * 1000;

const hash32 = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, 'expected 32 bytes of hex')
  .transform((s) => fromHex(s));

// Checked and decoded in one pass (each submitted transaction passes here on the entry node).
const txHex = z
  .string()
  .max(MAX_TX_BYTES * 2)
  .transform((s, ctx) => {
    const b = s.length === 0 ? undefined : decodeHexStrict(s);
    if (b !== undefined) return b;
    ctx.issues.push({ code: 'custom', message: 'expected non-empty hex', input: s });
    return z.NEVER;
  });

const address = z
  .string()
  .max(100)
  .transform((s, ctx) => {
    try {
      return addressFromString(s);
    } catch {
      ctx.issues.push({ code: 'custom', message: 'expected a bech32 address', input: s });
      return z.NEVER;
    }
  });

const height = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const stake = z
  .string()
  .regex(/^(?:0|[1-9][0-9]{0,77})$/, 'expected a decimal string')
  .transform((s) => BigInt(s));
const timeoutMs = z.number().int().min(1).max(MAX_TIMEOUT_MS);

/** Params of methods without arguments. */
export const noParams = z.strictObject({});
/** `getBlock`. */
export const getBlockParams = z.strictObject({ height });
/** `getBlockByHash`, `getTx`. */
export const hashParams = z.strictObject({ hash: hash32 });
/** `executionStatus`. */
export const executionStatusParams = z.strictObject({ hash: hash32, minStake: stake.optional() });
/** `getAccount`, `getVoteAccount`. */
export const addressParams = z.strictObject({ address });
/** `getValidators`. */
export const getValidatorsParams = z.strictObject({ height: height.optional() });
/** `submitTx`. */
export const submitTxParams = z.strictObject({
  tx: txHex,
  wait: z.enum(['none', 'inclusion', 'execution']).optional(),
  minStake: stake.optional(),
  timeoutMs: timeoutMs.optional(),
});
const u64 = z
  .string()
  .regex(/^(?:0|[1-9][0-9]{0,19})$/, 'expected a decimal string')
  .transform((s) => BigInt(s))
  .refine((v) => v <= 0xffffffffffffffffn, 'expected a u64');

/** `getRuntime`, `getRoundResults`. */
export const runtimeParams = z.strictObject({ id: hash32 });
/** `getRuntimeBlock`: the latest block, or the one of `round` (a decimal string). */
export const runtimeBlockParams = z.strictObject({ id: hash32, round: u64.optional() });
/** `getCommittees`: at `epoch`, the current epoch when omitted. */
export const committeesParams = z.strictObject({ id: hash32, epoch: height.optional() });
/** `getNode`. */
export const nodeParams = z.strictObject({ id: hash32 });
/** `subscribe` (WebSocket only). */
export const subscribeParams = z.strictObject({ topic: z.enum(['blocks', 'uedReports', 'alerts']) });
/** `unsubscribe` (WebSocket only). */
export const unsubscribeParams = z.strictObject({ subscription: z.string().regex(/^[0-9a-f]{1,16}$/) });

/** A short, bounded description of why params failed (no input echoed beyond field paths). */
export function describeIssues(err: z.ZodError): string {
  return err.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || 'params'}: ${i.message}`.slice(0, 200))
    .join('; ');
}
