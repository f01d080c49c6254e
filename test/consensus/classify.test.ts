// Domain classification as a pure function (APE-4, APE-10, APE-14, APE-16).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ConsensusError,
  classifyTx,
  type DomainId,
  domainsOf,
  ProgramTable,
  programAddress,
  VedAccountSet,
} from '../../src/consensus/index.js';

const V1 = new Uint8Array(21).fill(1);
const V2 = new Uint8Array(21).fill(2);
const U1 = new Uint8Array(21).fill(3);
const U2 = new Uint8Array(21).fill(4);
const programs = new ProgramTable(['system', 'vote', 'staking']);
const view = { vedSet: new VedAccountSet(0n, [V1, V2]), programs };
const w = (address: Uint8Array, writable = true) => ({ address, writable });

test('APE-4, APE-14: VED classification', () => {
  assert.equal(classifyTx('ved', [w(V1), w(V2)], view).kind, 'execute');
  assert.equal(classifyTx('ved', [w(V1), w(programAddress('vote'), false)], view).kind, 'execute');
  const f = classifyTx('ved', [w(V1), w(U1)], view);
  assert.equal(f.kind, 'fail');
  assert.equal(f.kind === 'fail' && f.code, ConsensusError.ACCOUNT_NOT_IN_DOMAIN);
  assert.equal(classifyTx('ved', [w(V1), w(programAddress('staking'), false)], view).kind, 'fail');
  assert.equal(classifyTx('ved', [w(U1), w(V1)], view).kind, 'skip');
  assert.equal(classifyTx('ved', [w(U1)], view).kind, 'skip');
});

test('APE-16: UED classification mirrors the VED', () => {
  assert.equal(classifyTx('ued', [w(U1), w(U2), w(programAddress('staking'), false)], view).kind, 'execute');
  assert.equal(classifyTx('ued', [w(U1), w(V1)], view).kind, 'fail');
  assert.equal(classifyTx('ued', [w(V1), w(U1)], view).kind, 'skip');
  assert.equal(classifyTx('ued', [], view).kind, 'skip');
});

test("APE-10: a writable program fails in the fee payer's domain; a program is never a fee payer", () => {
  for (const d of ['ved', 'ued'] as const) {
    const payer = d === 'ved' ? V1 : U1;
    const c = classifyTx(d, [w(payer), w(programAddress('system'))], view);
    assert.equal(c.kind === 'fail' && c.code, ConsensusError.PROGRAM_WRITABLE);
    assert.equal(classifyTx(d, [w(programAddress('system'))], view).kind, 'skip');
  }
});

test('APE-9, APE-12: program and account domains', () => {
  assert.deepEqual(domainsOf(programAddress('system'), view), ['ved', 'ued']);
  assert.deepEqual(domainsOf(programAddress('vote'), view), ['ved', 'ued']);
  assert.deepEqual(domainsOf(programAddress('staking'), view), ['ued']);
  assert.deepEqual(domainsOf(V1, view), ['ved']);
  assert.deepEqual(domainsOf(U1, view), ['ued']);
});

test('classification: the first failing listed account decides; shared domain lists cannot be changed', () => {
  const staking = programAddress('staking');
  const first = (d: 'ved' | 'ued', ...as: { address: Uint8Array; writable: boolean }[]) => {
    const c = classifyTx(d, as, view);
    return c.kind === 'fail' ? c.code : c.kind;
  };
  // A writable program outside the domain is a writable program first.
  assert.equal(first('ved', w(V1), w(staking)), ConsensusError.PROGRAM_WRITABLE);
  assert.equal(first('ved', w(V1), w(U1), w(staking)), ConsensusError.ACCOUNT_NOT_IN_DOMAIN);
  assert.equal(first('ued', w(U1), w(staking, false), w(V2, false)), ConsensusError.ACCOUNT_NOT_IN_DOMAIN);
  assert.equal(first('ued', w(U1), w(U1, false)), 'execute', 'repeats are the decoder’s to refuse');
  const ds = domainsOf(U1, view) as DomainId[];
  assert.throws(() => ds.push('ved'));
  assert.deepEqual(domainsOf(U2, view), ['ued']);
  assert.throws(() => (domainsOf(programAddress('system'), view) as DomainId[]).pop());
});
