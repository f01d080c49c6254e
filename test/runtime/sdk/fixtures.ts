/** Runtime definitions used only by tests (in-process). */
import { struct, u32, u64be, utf8 } from '../../../src/common/index.js';
import { defineRuntime, method } from '../../../src/runtime/sdk/index.js';
import { emptyBody } from './helpers.js';

/** Id of the probe runtime (test runtime flag bit 63 set). */
export const PROBE_ID = `80${'00'.repeat(7)}${'70'.repeat(24)}`;

/**
 * A runtime with methods that misbehave on purpose: `random` and `now` write non-deterministic
 * values (RT-15), `writeThenFail` writes and then throws, `send` emits messages.
 */
export const probeRuntime = defineRuntime({
  id: PROBE_ID,
  name: 'probe',
  version: { major: 1, minor: 0, patch: 0 },
  methods: {
    set: method({
      body: struct({ n: u32 }, 'Set'),
      async handler(ctx, b) {
        await ctx.state.insert(utf8('n'), u64be(b.n));
        return b.n;
      },
    }),
    random: method({
      body: emptyBody,
      async handler(ctx) {
        await ctx.state.insert(utf8('r'), utf8(String(Math.random())));
      },
    }),
    now: method({
      body: emptyBody,
      async handler(ctx) {
        await ctx.state.insert(utf8('t'), utf8(String(Date.now() + Math.random())));
      },
    }),
    writeThenFail: method({
      body: emptyBody,
      async handler(ctx) {
        await ctx.state.insert(utf8('n'), utf8('should not stay'));
        ctx.emit('lost', 1);
        throw new RangeError('failing on purpose');
      },
    }),
    /** Yields to the event loop for a while (a test stand-in for a long transaction). */
    // Long enough that an abort sent 20 ms after it starts lands while it runs, even on a loaded
    // machine whose timers fire late (at 100 ms it sometimes finished first).
    slow: method({
      body: emptyBody,
      handler: () => new Promise((r) => setTimeout(r, 1000)),
    }),
    send: method({
      body: struct({ count: u32 }, 'Send'),
      handler(ctx, b) {
        for (let i = 0; i < b.count; i++)
          ctx.sendMessage({
            staking: { v: 0, transfer: { to: new Uint8Array(21), amount: new Uint8Array([i + 1]) } },
          });
      },
    }),
  },
  queries: {
    get: async (ctx) => ctx.state.get(utf8('n')),
  },
});
