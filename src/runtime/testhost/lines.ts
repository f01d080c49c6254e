/**
 * The JSON-lines input of `tandem runtime run`. One object per line, one of:
 * - `{"method": "insert", "body": {...}, "sender_seed_hex": "<64 hex>", "nonce"?: n}`: the tool
 *   signs it with the Ed25519 key of that seed; without `nonce` it uses the sender's next nonce;
 * - `{"tx_hex": "..."}`: a transaction already signed (e.g. with the SDK's `signTx`);
 * - `{"query": "get", "args"?: {...}}`: a query at the current head;
 * - `{"in_msg": {"caller": "<bech32 address>", "tokens"?: n, "fee"?: n, "tag"?: n, "data_hex"?: ""}}`:
 *   an incoming message from the consensus layer (a deposit), delivered with the next block.
 * Bodies and arguments are plain JSON turned into CBOR: objects become maps, strings text,
 * integers (safe range only) integers; fractions are refused. Results print as JSON with byte
 * strings in hex and big integers as decimal strings.
 */
import { addressFromString, Ed25519Signer, fromHex } from '../../common/index.js';
import type { IncomingMessage } from '../rhp/index.js';
import { TestHostError } from './errors.js';

/** Longest accepted input line, in characters. */
export const MAX_LINE = 1 << 20;

/** One parsed input line. */
export type InputLine =
  | { kind: 'signed'; tx: Uint8Array }
  | { kind: 'unsigned'; method: string; body: unknown; signer: Ed25519Signer; nonce?: bigint }
  | { kind: 'query'; method: string; args: unknown }
  | { kind: 'in_msg'; msg: Omit<IncomingMessage, 'id'> };

const bad = (why: string): never => {
  throw new TestHostError(TestHostError.BAD_LINE, why);
};

/** Plain JSON → CBOR data model (see the module comment). */
export function jsonToCbor(v: unknown, path = 'body', depth = 0): unknown {
  if (depth > 32) bad(`${path}: nested too deeply`);
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) bad(`${path}: only integers in the safe range are accepted`);
    return v;
  }
  if (Array.isArray(v)) return v.map((x, i) => jsonToCbor(x, `${path}[${i}]`, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>))
    out[k] = jsonToCbor(x, `${path}.${k}`, depth + 1);
  return out;
}

/** CBOR data model → JSON-safe value (bytes as hex, big integers as strings). */
export function cborToJson(v: unknown): unknown {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(cborToJson);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cborToJson(x)]));
  }
  return v;
}

function str(o: Record<string, unknown>, k: string): string {
  const v = o[k];
  if (typeof v !== 'string' || v.length === 0) bad(`"${k}" must be a non-empty string`);
  return v as string;
}

function hexField(o: Record<string, unknown>, k: string, len?: number): Uint8Array {
  try {
    return fromHex(str(o, k), len);
  } catch (e) {
    if (e instanceof TestHostError) throw e;
    return bad(`"${k}" must be ${len ? `${len * 2} ` : ''}hex digits`);
  }
}

/** Parse one line (see the module comment); throws BAD_LINE with the reason. */
export function parseLine(line: string): InputLine {
  if (line.length > MAX_LINE) bad(`line longer than ${MAX_LINE} characters`);
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch (e) {
    return bad(`not JSON: ${(e as Error).message}`);
  }
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return bad('expected a JSON object');
  const r = o as Record<string, unknown>;
  if ('tx_hex' in r) return { kind: 'signed', tx: hexField(r, 'tx_hex') };
  if ('in_msg' in r) return { kind: 'in_msg', msg: parseInMsg(r.in_msg) };
  if ('query' in r)
    return { kind: 'query', method: str(r, 'query'), args: jsonToCbor(r.args ?? null, 'args') };
  if (!('method' in r)) return bad('expected "method", "tx_hex" or "query"');
  const signer = Ed25519Signer.fromSeed(hexField(r, 'sender_seed_hex', 32));
  let nonce: bigint | undefined;
  if (r.nonce !== undefined) {
    if (!Number.isSafeInteger(r.nonce) || (r.nonce as number) < 0)
      bad('"nonce" must be a non-negative integer');
    nonce = BigInt(r.nonce as number);
  }
  return {
    kind: 'unsigned',
    method: str(r, 'method'),
    body: jsonToCbor(r.body ?? null),
    signer,
    ...(nonce === undefined ? {} : { nonce }),
  };
}

function amount(o: Record<string, unknown>, k: string): bigint {
  const v = o[k] ?? 0;
  if (!Number.isSafeInteger(v) || (v as number) < 0) bad(`"in_msg.${k}" must be a non-negative integer`);
  return BigInt(v as number);
}

function parseInMsg(v: unknown): Omit<IncomingMessage, 'id'> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return bad('"in_msg" must be an object');
  const o = v as Record<string, unknown>;
  let caller: Uint8Array;
  try {
    caller = addressFromString(str(o, 'caller'));
  } catch (e) {
    return bad(`"in_msg.caller": ${(e as Error).message}`);
  }
  const data = o.data_hex === undefined ? new Uint8Array(0) : hexField(o, 'data_hex');
  return { caller, tag: amount(o, 'tag'), fee: amount(o, 'fee'), tokens: amount(o, 'tokens'), data };
}
