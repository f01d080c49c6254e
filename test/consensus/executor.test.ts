// The block executor: fees, nonces, gas, classification per domain, skips and hashes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesEqual, TandemError } from '../../src/common/index.js';
import {
  ConsensusError,
  executeUed,
  executeVed,
  feePool,
  Mapping,
  programAddress,
  ReceiptStatus,
  readVedSet,
  type Service,
  type TxContext,
  VedAccountSet,
} from '../../src/consensus/index.js';
import { systemService } from '../../src/services/system/index.js';
import { addr, GENESIS_TIME, genesisDoc, quantityRaw, signer, TestChain } from '../helpers/chain.js';

const alice = signer(1);
const bob = signer(2);
const val = signer(3); // a VED account
const poor = signer(4);

async function chain(): Promise<TestChain> {
  return new TestChain(
    genesisDoc([
      { address: addr(alice), balance: 1_000_000n },
      { address: addr(bob), balance: 1_000_000n },
      { address: addr(val), balance: 1_000_000n, mapping: Mapping.RW_VED },
      { address: addr(poor), balance: 5n },
    ]),
  ).init();
}

test('UED transfer executes in the UED and is skipped by the VED (APE-4, APE-16)', async () => {
  const c = await chain();
  const r = await c.block([c.transfer(alice, 0n, addr(bob), 500n)]);
  assert.equal(r.ued.receipts.length, 1);
  assert.equal(r.ued.receipts[0]!.receipt.status, ReceiptStatus.Ok);
  assert.equal(r.ved.receipts.length, 0);
  assert.equal((await c.account('ued', addr(alice)))!.balance, 1_000_000n - 500n - 10n);
  assert.equal((await c.account('ued', addr(bob)))!.balance, 1_000_500n);
  assert.equal((await c.account('ued', addr(alice)))!.nonce, 1n);
});

test('mixed transactions are classified per domain (APE-14, APE-16)', async () => {
  const c = await chain();
  const vedToUed = c.transfer(val, 0n, addr(bob), 1n); // VED payer, UED account: fails in VED
  const uedToVed = c.transfer(alice, 0n, addr(val), 1n); // UED payer, VED account: fails in UED
  const vedOnly = c.tx(val, 1n, 'system.Transfer', { to: addr(val), amount: quantityRaw(3n) });
  const r = await c.block([vedToUed, uedToVed, vedOnly]);
  assert.deepEqual(
    r.ved.receipts.map((x) => [x.receipt.status, x.receipt.code]),
    [
      [ReceiptStatus.Failed, ConsensusError.ACCOUNT_NOT_IN_DOMAIN],
      [ReceiptStatus.Ok, 0],
    ],
  );
  assert.deepEqual(
    r.ued.receipts.map((x) => [x.receipt.status, x.receipt.code]),
    [[ReceiptStatus.Failed, ConsensusError.ACCOUNT_NOT_IN_DOMAIN]],
  );
  // Fees are charged in the fee payer's own domain; effects of the failed transfers are not.
  assert.equal((await c.account('ved', addr(val)))!.balance, 1_000_000n - 20n);
  assert.equal((await c.account('ued', addr(alice)))!.balance, 1_000_000n - 10n);
  assert.equal((await c.account('ued', addr(bob)))!.balance, 1_000_000n);
  assert.equal(await c.account('ued', addr(val)), null, "a domain never holds another domain's account");
});

test('fee is charged and the nonce bumped when a transaction fails; its effects are discarded', async () => {
  const c = await chain();
  const r = await c.block([c.transfer(alice, 0n, addr(bob), 2_000_000n)]);
  const rc = r.ued.receipts[0]!.receipt;
  assert.equal(rc.status, ReceiptStatus.Failed);
  assert.equal(rc.module, 'consensus');
  assert.equal(rc.code, ConsensusError.INSUFFICIENT_BALANCE);
  const a = (await c.account('ued', addr(alice)))!;
  assert.equal(a.balance, 1_000_000n - 10n);
  assert.equal(a.nonce, 1n);
  assert.equal((await c.account('ued', addr(bob)))!.balance, 1_000_000n);
});

test('replay rejected: a transaction with a used nonce is skipped with no receipt', async () => {
  const c = await chain();
  const t = c.transfer(alice, 0n, addr(bob), 1n);
  await c.block([t]);
  const root = c.ued.rootHash();
  const r = await c.block([t, c.transfer(alice, 5n, addr(bob), 1n)]);
  assert.equal(r.ued.receipts.length, 0);
  assert.equal((await c.account('ued', addr(alice)))!.nonce, 1n);
  assert.ok(bytesEqual(r.ued.stateRoot, root), 'skipped transactions change nothing');
});

test('out of gas fails the transaction with the fee charged', async () => {
  const c = await chain();
  const r = await c.block([
    c.tx(
      alice,
      0n,
      'system.Transfer',
      { to: addr(bob), amount: quantityRaw(1n) },
      { accounts: [{ address: addr(bob), writable: true }], gas: 500n },
    ),
  ]);
  const rc = r.ued.receipts[0]!.receipt;
  assert.equal(rc.status, ReceiptStatus.Failed);
  assert.equal(rc.code, ConsensusError.OUT_OF_GAS);
  assert.equal(rc.gas_used, 500n);
  assert.equal((await c.account('ued', addr(bob)))!.balance, 1_000_000n);
  assert.equal((await c.account('ued', addr(alice)))!.nonce, 1n);
});

test('APE-23: a UED fee payer that cannot pay the fee is skipped', async () => {
  const c = await chain();
  const unknown = signer(99);
  const r = await c.block([
    c.transfer(poor, 0n, addr(bob), 1n, { fee: 6n }),
    c.transfer(unknown, 0n, addr(bob), 0n, { fee: 0n }),
  ]);
  assert.equal(r.ued.receipts.length, 0);
  assert.equal(r.ved.receipts.length, 0);
  assert.equal((await c.account('ued', addr(poor)))!.balance, 5n);
});

test('APE-10: a transaction listing a program writable fails with the fee charged', async () => {
  const c = await chain();
  const sys = programAddress('system');
  const r = await c.block([
    c.tx(
      alice,
      0n,
      'system.Transfer',
      { to: sys, amount: quantityRaw(1n) },
      { accounts: [{ address: sys, writable: true }] },
    ),
  ]);
  assert.equal(r.ued.receipts[0]!.receipt.code, ConsensusError.PROGRAM_WRITABLE);
  assert.equal(r.ved.receipts.length, 0);
  // Read-only listing of a program is fine, but a handler still cannot credit it.
  const r2 = await c.block([
    c.tx(
      alice,
      1n,
      'system.Transfer',
      { to: sys, amount: quantityRaw(1n) },
      { accounts: [{ address: sys, writable: false }] },
    ),
  ]);
  assert.equal(r2.ued.receipts[0]!.receipt.status, ReceiptStatus.Failed);
  assert.equal((await c.account('ued', addr(alice)))!.balance, 1_000_000n - 20n);
});

test('unknown method and malformed body fail with the fee charged', async () => {
  const c = await chain();
  const r = await c.block([
    c.tx(alice, 0n, 'system.Nope', {}),
    c.tx(alice, 1n, 'system.Transfer', { to: addr(bob) }),
    c.tx(
      alice,
      2n,
      'system.Transfer',
      { to: addr(bob), amount: quantityRaw(1n), extra: 1 },
      { accounts: [{ address: addr(bob), writable: true }] },
    ),
  ]);
  assert.deepEqual(
    r.ued.receipts.map((x) => x.receipt.code),
    [ConsensusError.UNKNOWN_METHOD, ConsensusError.INVALID_BODY, ConsensusError.INVALID_BODY],
  );
  assert.equal((await c.account('ued', addr(alice)))!.nonce, 3n);
});

test('decoders reject malformed and oversized transactions in a block with no state change', async () => {
  const c = await chain();
  const good = c.transfer(alice, 0n, addr(bob), 1n);
  const bad = [
    new Uint8Array([0xff, 0x00]),
    good.subarray(0, good.length - 1),
    new Uint8Array([...good, 0x00]),
    new Uint8Array(40 * 1024),
  ];
  const flipped = new Uint8Array(good);
  flipped[flipped.length - 5]! ^= 1;
  bad.push(flipped);
  const before = [c.ved.rootHash(), c.ued.rootHash()];
  const r = await c.block(bad);
  assert.equal(r.ued.receipts.length + r.ved.receipts.length, 0);
  assert.ok(bytesEqual(r.ved.stateRoot, before[0]!));
  assert.ok(bytesEqual(r.ued.stateRoot, before[1]!));
  assert.equal((await c.account('ued', addr(alice)))!.nonce, 0n);
  assert.equal((await c.account('ued', addr(alice)))!.balance, 1_000_000n);
});

test('fees go to the domain fee pool; total supply is conserved', async () => {
  const c = await chain();
  await c.block([
    c.transfer(alice, 0n, addr(bob), 7n),
    c.tx(val, 0n, 'system.Transfer', { to: addr(val), amount: quantityRaw(1n) }, { fee: 3n }),
  ]);
  const pool = (t: typeof c.ued) =>
    feePool({ get: (k) => t.get(k), set() {}, delete() {}, async *entries() {} });
  assert.equal(await pool(c.ued), 10n);
  assert.equal(await pool(c.ved), 3n);
  let total = await pool(c.ued);
  for (const s of [alice, bob, poor]) total += (await c.account('ued', addr(s)))!.balance;
  assert.equal(total, 2_000_005n);
});

test('clock rule enforced by the executor (APE-27)', async () => {
  const c = await chain();
  await assert.rejects(c.block([], 1001n), (e) =>
    ConsensusError.is(e, 'consensus', ConsensusError.INVALID_BLOCK_TIME),
  );
  const c2 = await chain();
  await c2.block([], 1000n);
  await c2.block([], 0n);
});

test('domain hashes chain: same state, different parent → different hash', async () => {
  const c = await chain();
  const r1 = await c.block([]);
  const r2 = await c.block([]);
  assert.ok(bytesEqual(r1.ued.stateRoot, r2.ued.stateRoot));
  assert.ok(!bytesEqual(r1.ued.domainHash, r2.ued.domainHash));
  assert.ok(!bytesEqual(r1.ved.domainHash, r1.ued.domainHash));
});

test('service hooks run in a fixed order: beginBlock, onEpoch (epoch start), txs, endBlock', async () => {
  const log: string[] = [];
  const mk = (name: string): Service => ({
    name,
    methods: [],
    beginBlock: async (ctx) => void log.push(`${ctx.domain}:${ctx.height}:${name}.begin`),
    onEpoch: async (ctx, e) => void log.push(`${ctx.domain}:${ctx.height}:${name}.epoch${e}`),
    endBlock: async (ctx) => {
      log.push(`${ctx.domain}:${ctx.height}:${name}.end`);
      ctx.emit({ module: name, kind: 'end', value: ctx.height });
    },
  });
  const doc = genesisDoc([{ address: addr(alice), balance: 10n }], { epochInterval: 2n });
  const c = await new TestChain(doc, [systemService, mk('vote'), mk('zeta')]).init();
  const r = await c.block([]);
  await c.block([]);
  assert.deepEqual(log, [
    'ved:1:vote.begin',
    'ved:1:vote.epoch0',
    'ved:1:vote.end',
    'ued:1:vote.begin',
    'ued:1:zeta.begin',
    'ued:1:vote.epoch0',
    'ued:1:zeta.epoch0',
    'ued:1:vote.end',
    'ued:1:zeta.end',
    'ved:2:vote.begin',
    'ved:2:vote.epoch1',
    'ved:2:vote.end',
    'ued:2:vote.begin',
    'ued:2:zeta.begin',
    'ued:2:vote.epoch1',
    'ued:2:zeta.epoch1',
    'ued:2:vote.end',
    'ued:2:zeta.end',
  ]);
  assert.deepEqual(
    r.ued.events.map((e) => e.module),
    ['vote', 'zeta'],
  );
});

test("block hooks cannot credit another domain's account or a program (APE-2)", async () => {
  const seen: string[] = [];
  const hook: Service = {
    name: 'zeta',
    methods: [],
    async endBlock(ctx) {
      for (const target of [addr(val), programAddress('system'), addr(alice)]) {
        try {
          await ctx.ledger.credit(target, 1n);
          seen.push('ok');
        } catch (e) {
          seen.push(String((e as ConsensusError).code));
        }
      }
    },
  };
  const c = await new TestChain(
    genesisDoc([
      { address: addr(alice), balance: 1n },
      { address: addr(val), balance: 1n, mapping: Mapping.RW_VED },
    ]),
    [systemService, hook],
  ).init();
  await c.block([]);
  const { ACCOUNT_NOT_IN_DOMAIN: out, PROGRAM_WRITABLE: prog } = ConsensusError;
  assert.deepEqual(seen, [String(out), String(prog), 'ok']);
  assert.equal(await c.account('ued', addr(val)), null);
});

test('hostile handlers: odd errors and unencodable events fail only their transaction', async () => {
  const anyBody = { name: 'any', toCbor: (v: unknown) => v, fromCbor: (v: unknown) => v };
  const def = (name: string, handle: (ctx: TxContext) => Promise<void>, domain: 'ved' | 'ued' = 'ued') => ({
    name: `zeta.${name}`,
    domain,
    body: anyBody,
    gas: 0n,
    handle,
  });
  const zeta: Service = {
    name: 'zeta',
    methods: [
      def('Plain', async () => {
        throw new TypeError('boom');
      }),
      def('LongModule', async () => {
        throw new TandemError('m'.repeat(100), 3, 'x');
      }),
      def('NegCode', async () => {
        throw new TandemError('zeta', -5, 'x');
      }),
      def('Float', async (ctx) => ctx.emit({ module: 'zeta', kind: 'f', value: 1.5 })),
      def('VedOnly', async () => {}, 'ved'),
    ],
  };
  const doc = genesisDoc([{ address: addr(alice), balance: 100n }]);
  const c = await new TestChain(doc, [systemService, zeta]).init();
  const names = ['Plain', 'LongModule', 'NegCode', 'Float', 'VedOnly'];
  const r = await c.block(names.map((n, i) => c.tx(alice, BigInt(i), `zeta.${n}`, null)));
  assert.deepEqual(
    r.ued.receipts.map((x) => `${x.receipt.module}/${x.receipt.code}`),
    [
      'unknown/1',
      'unknown/1',
      'unknown/1',
      `consensus/${ConsensusError.INVALID_BODY}`,
      `consensus/${ConsensusError.METHOD_NOT_IN_DOMAIN}`,
    ],
  );
  assert.equal((await c.account('ued', addr(alice)))!.nonce, 5n);
});

test('a block with a VED set of another epoch or a malformed header is refused with nothing changed', async () => {
  const c = await chain();
  const root = c.ued.rootHash();
  const block = {
    height: 1n,
    timeMs: GENESIS_TIME + 400n,
    parentTimeMs: GENESIS_TIME,
    parentHash: c.uedHash,
    txs: [],
  };
  const base = { tree: c.ued, params: c.params, services: c.services };
  const invalid = (e: unknown) => ConsensusError.is(e, 'consensus', ConsensusError.INVALID_BLOCK);
  await assert.rejects(executeUed({ ...base, block, vedSet: c.vedSet.next(5n, []) }), invalid);
  await assert.rejects(executeUed({ ...base, block: { ...block, height: 0n }, vedSet: c.vedSet }), invalid);
  await assert.rejects(
    executeUed({ ...base, block: { ...block, parentHash: new Uint8Array(3) }, vedSet: c.vedSet }),
    invalid,
  );
  await assert.rejects(
    executeUed({ ...base, block: { ...block, timeMs: 5 as never }, vedSet: c.vedSet }),
    invalid,
  );
  assert.deepEqual(c.ued.rootHash(), root);
});

test("the VED stores the epoch's VED set and refuses a different one, at and between epoch starts", async () => {
  const c = await chain();
  const wrong = new VedAccountSet(c.vedSet.epoch, [...c.vedSet.addresses(), addr(alice)]);
  const block = {
    height: 1n,
    timeMs: GENESIS_TIME + 400n,
    parentTimeMs: GENESIS_TIME,
    parentHash: c.vedHash,
    txs: [],
  };
  const base = { tree: c.ved, params: c.params, services: c.services, block };
  const invalid = (e: unknown) => ConsensusError.is(e, 'consensus', ConsensusError.INVALID_BLOCK);
  await assert.rejects(executeVed({ ...base, vedSet: wrong }), invalid);
  await c.block([]);
  const next = {
    ...block,
    height: 2n,
    parentTimeMs: c.timeMs,
    timeMs: c.timeMs + 400n,
    parentHash: c.vedHash,
  };
  await assert.rejects(executeVed({ ...base, block: next, vedSet: wrong }), invalid);
  await c.block([]);
  const view = { get: (k: Uint8Array) => c.ved.get(k), set() {}, delete() {}, async *entries() {} };
  assert.deepEqual((await readVedSet(view)).hash(), c.vedSet.hash());
});
