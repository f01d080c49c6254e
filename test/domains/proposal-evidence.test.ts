/**
 * Proposal-equivocation evidence (RT-14; spec/oasis.md §3.6 `equivocation_prop`): a worker that
 * signed two proposals with different batches for one round of the runtime is slashed once and
 * the submitter rewarded, as for commitment evidence; every kind of bad evidence fails with its
 * code and leaves no trace (no slash, no evidence record).
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Ed25519Signer, hash, type Signer, toHex, utf8 } from '../../src/common/index.js';
import { ConsensusError, type Receipt } from '../../src/consensus/index.js';
import type { ChainApp } from '../../src/domains/index.js';
import {
  blockHeaderHash,
  EVENT_PROPOSAL_EQUIVOCATION,
  evidenceId,
  evidenceKey,
  METHOD_SUBMIT_EVIDENCE,
  type ProposalHeader,
  RoothashError,
  type SignedProposalHeader,
  signProposal,
  submitEvidenceBodyCodec,
} from '../../src/services/roothash/index.js';
import { type Committee, Role, schedulerAt } from '../../src/services/scheduler/index.js';
import { signTx, step } from '../helpers/chain-app.js';
import {
  byRole,
  commitment,
  ESCROW,
  elected,
  entities,
  escrowOf,
  nodeSigner,
  nodes,
  queries,
  RUNTIME,
  runtimeChainWithGenesis,
  SLASH_EQUIVOCATION,
  uedEscrow,
} from './runtime-chain-fixture.js';

const receipts = new Map<string, Receipt>();
let app: ChainApp;
let committee: Committee;
let worker: Uint8Array;
let owner: (typeof entities)[number];
let nonce = 2n; // entity 0 registered itself (0) and the runtime (1)

before(async () => {
  const c = await runtimeChainWithGenesis({
    onExecuted: (e) => {
      if (e.domain !== 'ved') return;
      for (const r of e.receipts) receipts.set(toHex(r.txHash), r.receipt);
    },
  });
  app = c.app;
  committee = await elected(app);
  worker = byRole(committee, Role.worker).find((w) => toHex(w) !== toHex(nodes[0]!.id.publicKey))!;
  owner = entities[nodes.findIndex((n) => toHex(n.id.publicKey) === toHex(worker))]!;
});

/** A proposal header for the runtime's next round with batch `label`. */
async function header(label: string, roundDelta = 0n): Promise<ProposalHeader> {
  const st = (await queries(app).runtimeStatus(RUNTIME))!;
  return {
    round: st.round + 1n + roundDelta,
    previous_hash: blockHeaderHash(st.latest_block),
    batch_hash: hash(utf8(`batch/${label}`)),
  };
}

/** `who` signs `h` for `runtime`, without the batch list. */
function signed(who: Signer, h: ProposalHeader, runtime = RUNTIME): SignedProposalHeader {
  const p = signProposal(who, runtime, app.programs.params.chainContext, h);
  return { node_id: p.node_id, header: p.header, sig: p.sig };
}

const propBody = (a: SignedProposalHeader, b: SignedProposalHeader, id = RUNTIME) =>
  submitEvidenceBodyCodec.toCbor({ id, equivocation_prop: { a, b } }, '');

/** One block with an evidence transaction per body (entity 0 pays); their receipts in order. */
async function submit(bodies: unknown[]): Promise<Receipt[]> {
  const txs = bodies.map((b) => signTx(app, entities[0]!, nonce++, METHOD_SUBMIT_EVIDENCE, b));
  await step(app, txs);
  return txs.map((t) => receipts.get(toHex(hash(t)))!);
}

async function evidenceRecorded(round: bigint): Promise<boolean> {
  return (await app.vedTree.get(evidenceKey(evidenceId(RUNTIME, worker, round)))) !== null;
}

test('RT-14: bad proposal evidence fails coded and changes nothing', async () => {
  const w = nodeSigner(worker);
  const workers = byRole(committee, Role.worker).map(toHex);
  // A node of the committee (or not) that is no worker: it never proposes.
  const backup = nodes.map((n) => n.id.publicKey).find((k) => !workers.includes(toHex(k)))!;
  const a = signed(w, await header('a'));
  const b = signed(w, await header('b'));
  const forged = { ...b, sig: Uint8Array.from(b.sig, (x, i) => (i === 0 ? x ^ 1 : x)) };
  const stranger = Ed25519Signer.generate();
  const cases: [string, unknown, string, number][] = [
    ['same proposal twice', propBody(a, a), RoothashError.MODULE, RoothashError.INVALID_EVIDENCE],
    [
      'different rounds',
      propBody(a, signed(w, await header('b', 1n))),
      'roothash',
      RoothashError.INVALID_EVIDENCE,
    ],
    ['a forged signature', propBody(a, forged), 'roothash', RoothashError.INVALID_EVIDENCE],
    [
      'signed for another runtime',
      propBody(a, signed(w, await header('b'), hash(utf8('rt')))),
      'roothash',
      RoothashError.INVALID_EVIDENCE,
    ],
    [
      'two nodes',
      propBody(a, signed(nodeSigner(backup), await header('b'))),
      'roothash',
      RoothashError.INVALID_EVIDENCE,
    ],
    [
      'a backup worker',
      propBody(signed(nodeSigner(backup), await header('a')), signed(nodeSigner(backup), await header('b'))),
      'roothash',
      RoothashError.NOT_IN_COMMITTEE,
    ],
    [
      'a stranger',
      propBody(signed(stranger, await header('a')), signed(stranger, await header('b'))),
      'roothash',
      RoothashError.NOT_IN_COMMITTEE,
    ],
    [
      'an unknown runtime',
      propBody(a, b, hash(utf8('no runtime'))),
      'roothash',
      RoothashError.UNKNOWN_RUNTIME,
    ],
    [
      'no evidence',
      submitEvidenceBodyCodec.toCbor({ id: RUNTIME }, ''),
      'roothash',
      RoothashError.INVALID_EVIDENCE,
    ],
    [
      'malformed',
      { id: RUNTIME, equivocation_prop: { a: 1, b: 'x' } },
      ConsensusError.MODULE,
      ConsensusError.INVALID_BODY,
    ],
    [
      'a batch list',
      { id: RUNTIME, equivocation_prop: { a: { ...a, batch: Array(64).fill(a.sig.subarray(0, 32)) }, b } },
      ConsensusError.MODULE,
      ConsensusError.INVALID_BODY,
    ],
  ];
  const out = await submit(cases.map((c) => c[1]));
  cases.forEach(([what, , module, code], i) => {
    assert.equal(out[i]!.status !== 0, true, `${what}: refused`);
    assert.deepEqual([out[i]!.module, out[i]!.code], [module, code], what);
  });
  assert.equal((await uedEscrow(app, escrowOf(owner))).active.balance, ESCROW, 'nobody slashed');
  assert.equal((await uedEscrow(app, escrowOf(entities[0]!))).active.balance, ESCROW, 'nobody rewarded');
  assert.equal(await evidenceRecorded(a.header.round), false, 'no evidence record');
});

test('RT-14: two proposals of one worker for one round slash it once; resubmissions are refused', async () => {
  const w = nodeSigner(worker);
  const a = signed(w, await header('one'));
  const b = signed(w, await header('two'));
  const [ok] = await submit([propBody(a, b)]);
  assert.equal(ok!.status, 0, `${ok!.module}/${ok!.code}`);
  assert.ok(ok!.events.some((e) => e.kind === EVENT_PROPOSAL_EQUIVOCATION));
  assert.equal(await evidenceRecorded(a.header.round), true);
  assert.equal((await uedEscrow(app, escrowOf(owner))).active.balance, ESCROW - SLASH_EQUIVOCATION);
  const rewarded = ESCROW + SLASH_EQUIVOCATION;
  assert.equal((await uedEscrow(app, escrowOf(entities[0]!))).active.balance, rewarded, 'submitter');
  // The same equivocation again (either order), and commitment evidence of the same node and
  // round: the node is punished once per round.
  const st = (await queries(app).runtimeStatus(RUNTIME))!;
  const s = schedulerAt(committee, 0n, st.round + 1n)!;
  const ca = await commitment(app, w, s, 'x');
  const cb = await commitment(app, w, s, 'y');
  const again = await submit([
    propBody(b, a),
    submitEvidenceBodyCodec.toCbor({ id: RUNTIME, equivocation_executor: { a: ca, b: cb } }, ''),
  ]);
  for (const r of again) assert.deepEqual([r.module, r.code], ['roothash', RoothashError.DUPLICATE_EVIDENCE]);
  assert.equal((await uedEscrow(app, escrowOf(owner))).active.balance, ESCROW - SLASH_EQUIVOCATION);
  assert.equal((await uedEscrow(app, escrowOf(entities[0]!))).active.balance, rewarded);
});
