/**
 * The token example runtime. Balances are u64 amounts per address. Tokens enter as deposits:
 * incoming messages from the consensus layer credit their `tokens` to the message's caller.
 * `transfer {to, amount}` moves tokens inside the runtime; `withdraw {to, amount}` burns them
 * here and emits a roothash staking `transfer` message (spec/oasis.md §8) that pays `to` from the
 * runtime's consensus account. Addresses are bech32 text. Queries: `balance {address}`, `supply`.
 */
import {
  addressFromString,
  concatBytes,
  readU64be,
  struct,
  TandemError,
  text,
  u64,
  u64be,
  utf8,
} from '../../../src/common/index.js';
import type { IncomingMessage } from '../../../src/runtime/rhp/index.js';
import {
  defineRuntime,
  method,
  type QueryContext,
  type StateAccess,
  type StateReader,
  type TxContext,
} from '../../../src/runtime/sdk/index.js';
import { runtimeMessageCodec } from '../../../src/services/roothash/index.js';
import { exampleRuntimeId } from '../example-id.js';

const MAX_U64 = 0xffffffffffffffffn;

/** Errors of the token runtime (module `token`), recorded as failed transactions' outputs. */
export class TokenError extends TandemError {
  static readonly INSUFFICIENT_BALANCE = 1;
  static readonly INVALID_AMOUNT = 2;
  static readonly INVALID_ARGS = 3;
  constructor(code: number, message: string) {
    super('token', code, message);
    this.name = 'TokenError';
  }
}
const SUPPLY = utf8('s');

function balanceKey(addr: Uint8Array): Uint8Array {
  return concatBytes(utf8('b'), addr);
}

async function readAmount(state: StateReader, key: Uint8Array): Promise<bigint> {
  const v = await state.get(key);
  return v === null ? 0n : readU64be(v);
}

async function writeAmount(state: StateAccess, key: Uint8Array, v: bigint): Promise<void> {
  if (v < 0n || v > MAX_U64) throw new TokenError(TokenError.INVALID_AMOUNT, 'amount out of range');
  if (v === 0n) await state.remove(key);
  else await state.insert(key, u64be(v));
}

async function debit(ctx: TxContext, amount: bigint): Promise<void> {
  if (amount <= 0n) throw new TokenError(TokenError.INVALID_AMOUNT, 'amount must be positive');
  const have = await readAmount(ctx.state, balanceKey(ctx.sender));
  if (have < amount)
    throw new TokenError(
      TokenError.INSUFFICIENT_BALANCE,
      `insufficient balance: have ${have}, need ${amount}`,
    );
  await writeAmount(ctx.state, balanceKey(ctx.sender), have - amount);
}

async function credit(state: StateAccess, to: Uint8Array, amount: bigint): Promise<void> {
  await writeAmount(state, balanceKey(to), (await readAmount(state, balanceKey(to))) + amount);
}

const moveBody = struct({ to: text(128), amount: u64 }, 'TokenMove');

/** The token runtime's definition. */
export const tokenRuntime = defineRuntime({
  id: exampleRuntimeId('token'),
  name: 'token',
  version: { major: 0, minor: 1, patch: 0 },
  methods: {
    transfer: method({
      body: moveBody,
      async handler(ctx, b) {
        const to = addressFromString(b.to);
        await debit(ctx, b.amount);
        await credit(ctx.state, to, b.amount);
        ctx.emit('token.transfer', { from: ctx.sender, to, amount: b.amount });
        return null;
      },
    }),
    withdraw: method({
      body: moveBody,
      async handler(ctx, b) {
        const to = addressFromString(b.to);
        await debit(ctx, b.amount);
        await writeAmount(ctx.state, SUPPLY, (await readAmount(ctx.state, SUPPLY)) - b.amount);
        ctx.sendMessage(
          runtimeMessageCodec.toCbor({ staking: { v: 0, transfer: { to, amount: b.amount } } }, ''),
        );
        ctx.emit('token.withdraw', { from: ctx.sender, to, amount: b.amount });
        return null;
      },
    }),
  },
  queries: {
    balance: async (ctx: QueryContext, args: unknown) => {
      const a = (args as { address?: unknown } | null)?.address;
      if (typeof a !== 'string')
        throw new TokenError(TokenError.INVALID_ARGS, 'balance: args must be {address: text}');
      return readAmount(ctx.state, balanceKey(addressFromString(a)));
    },
    supply: (ctx: QueryContext) => readAmount(ctx.state, SUPPLY),
  },
  async onMessage(ctx: TxContext, msg: IncomingMessage) {
    if (msg.tokens === 0n) return;
    await credit(ctx.state, msg.caller, msg.tokens);
    await writeAmount(ctx.state, SUPPLY, (await readAmount(ctx.state, SUPPLY)) + msg.tokens);
    ctx.emit('token.deposit', { to: msg.caller, amount: msg.tokens, id: msg.id });
  },
});
