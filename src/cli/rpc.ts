/**
 * What the chain commands share: the `--rpc` endpoint and its client, argument parsing (amounts,
 * addresses, key files) with coded errors, remote errors shown with the node's own module and
 * code, and output (one JSON line with `--json`, aligned `key  value` lines otherwise).
 */
import type { Command } from 'commander';
import { WS_PATH } from '../api/index.js';
import { ClientError, TandemClient } from '../client/index.js';
import {
  addressFromString,
  addressToString,
  decodeCanonical,
  type Ed25519Signer,
  loadKey,
  MAX_QUANTITY,
  TandemError,
  toHex,
} from '../common/index.js';
import { CliError } from './errors.js';

/** Default API endpoint (validator 0 of `tandem localnet`). */
export const DEFAULT_RPC = 'http://127.0.0.1:26657';

/** Options every chain command takes. */
export interface RpcOptions {
  rpc: string;
  json: boolean;
}

/** Add `--rpc` and `--json` to a command. */
export function withRpc(c: Command): Command {
  return c.option('--rpc <url>', 'API endpoint of a node', DEFAULT_RPC).option('--json', 'print JSON', false);
}

/** A client of `--rpc` (HTTP calls; WebSocket at the same host for subscriptions). */
export function clientOf(rpc: string, timeoutMs = 30_000): TandemClient {
  let url: URL;
  try {
    url = new URL(rpc);
  } catch {
    throw new CliError(CliError.BAD_ARGUMENT, `--rpc ${rpc} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(CliError.BAD_ARGUMENT, '--rpc must be an http(s) URL');
  }
  const ws = new URL(WS_PATH, url);
  ws.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return new TandemClient({ url: url.href, wsUrl: ws.href, timeoutMs });
}

/** Run `f`; a remote error is rethrown as the node's own coded error, so its module shows. */
export async function remote<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof ClientError && e.remote !== undefined) throw TandemError.fromWire(e.remote);
    if (e instanceof ClientError && e.code === ClientError.NETWORK) {
      throw new CliError(CliError.UNREACHABLE, `${e.message} (is a node serving its API there? see --rpc)`);
    }
    throw e;
  }
}

/** A non-negative integer amount (decimal, at most 2^256 − 1). */
export function amountArg(v: string, what: string): bigint {
  if (!/^[0-9]{1,78}$/.test(v) || BigInt(v) > MAX_QUANTITY) {
    throw new CliError(CliError.BAD_ARGUMENT, `${what} must be a non-negative integer (base units)`);
  }
  return BigInt(v);
}

/** A bech32 account address. */
export function addressArg(v: string, what: string): Uint8Array {
  try {
    return addressFromString(v);
  } catch (e) {
    const why = e instanceof TandemError ? e.message : 'malformed';
    throw new CliError(
      CliError.BAD_ARGUMENT,
      `${what} ${JSON.stringify(v.slice(0, 100))} is not an address: ${why}`,
    );
  }
}

/** A signing key file (PEM, as `tandem keys generate` writes). */
export function keyArg(path: string): Ed25519Signer {
  try {
    return loadKey(path);
  } catch (e) {
    const why = e instanceof TandemError ? e.message : String(e);
    throw new CliError(CliError.BAD_FILE, `cannot use key file ${path}: ${why}`);
  }
}

/** Print one JSON line. */
export function printJson(v: unknown): void {
  process.stdout.write(`${JSON.stringify(v)}\n`);
}

/** Print aligned `key  value` lines. */
export function printFields(fields: ReadonlyArray<readonly [string, string]>): void {
  const w = Math.max(...fields.map(([k]) => k.length));
  for (const [k, v] of fields) process.stdout.write(`${k.padEnd(w)}  ${v}\n`);
}

/** Event data (canonical CBOR) as compact text: byte strings in hex, 21-byte ones as addresses. */
export function eventText(data: Uint8Array): string {
  let v: unknown;
  try {
    v = decodeCanonical(data);
  } catch {
    return toHex(data);
  }
  return JSON.stringify(v, (_k, x) => {
    if (typeof x === 'bigint') return x.toString();
    if (x instanceof Uint8Array) return x.length === 21 ? addressToString(x) : toHex(x);
    return x;
  });
}
