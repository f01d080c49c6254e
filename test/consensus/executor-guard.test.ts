// The executor's write guard: what a handler may credit, by listing and by domain (APE-2, APE-10).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ConsensusError,
  Mapping,
  programAddress,
  ReceiptStatus,
  type Service,
} from '../../src/consensus/index.js';
import { systemService } from '../../src/services/system/index.js';
import { addr, genesisDoc, signer, TestChain } from '../helpers/chain.js';

const alice = signer(1);
const bob = signer(2);
const val = signer(3); // a VED account

test('a handler credits listed-writable and unlisted accounts of its domain only (APE-2, APE-10)', async () => {
  const carol = addr(signer(21));
  const dave = addr(signer(22));
  const sys = programAddress('system');
  const seen: string[] = [];
  const zeta: Service = {
    name: 'zeta',
    methods: [
      {
        name: 'zeta.Credit',
        domain: 'ued',
        body: { name: 'any', toCbor: (v: unknown) => v, fromCbor: (v: unknown) => v },
        gas: 0n,
        async handle(ctx) {
          for (const target of [addr(bob), carol, sys, addr(val), programAddress('vote'), dave]) {
            try {
              await ctx.ledger.credit(target, 1n);
              seen.push('ok');
            } catch (e) {
              seen.push(String((e as ConsensusError).code));
            }
          }
        },
      },
    ],
  };
  const doc = genesisDoc([
    { address: addr(alice), balance: 100n },
    { address: addr(bob), balance: 1n },
    { address: addr(val), balance: 1n, mapping: Mapping.RW_VED },
  ]);
  const c = await new TestChain(doc, [systemService, zeta]).init();
  const accounts = [
    { address: addr(bob), writable: true },
    { address: carol, writable: false },
    { address: sys, writable: false },
  ];
  const r = await c.block([c.tx(alice, 0n, 'zeta.Credit', null, { accounts })]);
  assert.equal(r.ued.receipts[0]!.receipt.status, ReceiptStatus.Ok);
  const { ACCOUNT_NOT_WRITABLE: ro, ACCOUNT_NOT_IN_DOMAIN: out, PROGRAM_WRITABLE: prog } = ConsensusError;
  assert.deepEqual(seen, ['ok', String(ro), String(prog), String(out), String(prog), 'ok']);
  assert.equal((await c.account('ued', addr(bob)))!.balance, 2n);
  assert.equal((await c.account('ued', dave))!.balance, 1n);
  assert.equal(await c.account('ued', carol), null);
});
