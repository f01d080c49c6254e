/**
 * The key-value example runtime: `insert {key, value}`, `remove {key}` and `burn {iterations}`
 * transactions, and a `get {key}` query. Keys and values are UTF-8 text. `burn` spends a chosen
 * amount of CPU deterministically (iterated SHA-512/256) for benchmarks and watchdog tests.
 */
import {
  fromUtf8,
  hash,
  struct,
  TandemError,
  text,
  toHex,
  u32,
  u64be,
  utf8,
} from '../../../src/common/index.js';
import { defineRuntime, method, type QueryContext } from '../../../src/runtime/sdk/index.js';
import { exampleRuntimeId } from '../example-id.js';

/** Errors of the kv runtime (module `kv`). */
export class KvError extends TandemError {
  static readonly INVALID_ARGS = 1;
  static readonly TOO_MANY_ITERATIONS = 2;
  constructor(code: number, message: string) {
    super('kv', code, message);
    this.name = 'KvError';
  }
}

/** Most iterations one `burn` may ask for. */
export const MAX_BURN_ITERATIONS = 10_000_000;

const keyText = text(1024);

function getKey(args: unknown): string {
  const k = (args as { key?: unknown } | null)?.key;
  if (typeof k !== 'string' || k.length === 0 || k.length > 1024)
    throw new KvError(KvError.INVALID_ARGS, 'get: args must be {key: text}');
  return k;
}

/** The kv runtime's definition. */
export const kvRuntime = defineRuntime({
  id: exampleRuntimeId('kv'),
  name: 'kv',
  version: { major: 0, minor: 1, patch: 0 },
  methods: {
    insert: method({
      body: struct({ key: keyText, value: text(16 * 1024) }, 'KvInsert'),
      async handler(ctx, b) {
        await ctx.state.insert(utf8(b.key), utf8(b.value));
        ctx.emit('kv.insert', utf8(b.key));
        return null;
      },
    }),
    remove: method({
      body: struct({ key: keyText }, 'KvRemove'),
      async handler(ctx, b) {
        const existed = (await ctx.state.get(utf8(b.key))) !== null;
        await ctx.state.remove(utf8(b.key));
        return existed;
      },
    }),
    burn: method({
      body: struct({ iterations: u32 }, 'KvBurn'),
      handler(_ctx, b) {
        if (b.iterations > MAX_BURN_ITERATIONS)
          throw new KvError(KvError.TOO_MANY_ITERATIONS, `burn: at most ${MAX_BURN_ITERATIONS} iterations`);
        let h = hash(u64be(b.iterations));
        for (let i = 0; i < b.iterations; i++) h = hash(h);
        return toHex(h);
      },
    }),
  },
  queries: {
    async get(ctx: QueryContext, args: unknown) {
      const v = await ctx.state.get(utf8(getKey(args)));
      return v === null ? null : fromUtf8(v);
    },
  },
});
