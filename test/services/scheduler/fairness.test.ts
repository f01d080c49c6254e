// Property test over thousands of seeded epochs (RT-17, RT-8): an ineligible node is never
// elected, and every eligible node is elected as worker (and as backup) with frequency size/n,
// within a per-node binomial 5-sigma bound, with the insecure shuffle and with random VRF betas.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toHex } from '../../../src/common/index.js';
import {
  type Candidate,
  DEFAULT_SCHEDULER_PARAMS,
  type ElectionRandomness,
  electRuntime,
  NODE_ROLE_STORAGE,
  Role,
} from '../../../src/services/scheduler/index.js';
import { Rng } from '../../helpers/rng.js';
import { computeNodes, runtime } from './fixtures.js';

const EPOCHS = 2000;
const WORKERS = 5;
const BACKUPS = 3;
const RT = runtime(1, WORKERS, BACKUPS);

interface Tally {
  expected: number;
  variance: number;
  got: number;
}

/** One epoch's candidates: fixed nodes always eligible, floating ones made ineligible at random. */
function epochCandidates(rng: Rng, fixed: Candidate[], floating: Candidate[], vrf: boolean, epoch: bigint) {
  const out: Candidate[] = fixed.map((c) => ({ ...c, beta: vrf ? rng.bytes(64) : undefined }));
  const ineligible = new Set<string>();
  for (const c of floating) {
    const way = rng.int(vrf ? 5 : 4);
    const base: Candidate = { ...c, beta: vrf ? rng.bytes(64) : undefined };
    if (way === 0) out.push({ ...base, frozen: true });
    else if (way === 1) out.push({ ...base, election_eligible_after: epoch + BigInt(rng.int(3)) });
    else if (way === 2) out.push({ ...base, roles: NODE_ROLE_STORAGE });
    else if (way === 4) out.push({ ...base, beta: undefined });
    else {
      out.push(base);
      continue;
    }
    ineligible.add(toHex(c.id));
  }
  return { cands: rng.shuffle(out), ineligible };
}

function tallyRole(tally: Map<string, Tally>, members: string[], eligible: string[], size: number): void {
  const p = size / eligible.length;
  for (const h of eligible) {
    const t = tally.get(h) ?? { expected: 0, variance: 0, got: 0 };
    t.expected += p;
    t.variance += p * (1 - p);
    tally.set(h, t);
  }
  for (const h of members) tally.get(h)!.got++;
}

function run(seed: number, vrf: boolean): Map<number, Map<string, Tally>> {
  const rng = new Rng(seed);
  const all = computeNodes(30);
  const fixed = all.slice(0, 16);
  const floating = all.slice(16);
  const tallies = new Map([
    [Role.worker, new Map<string, Tally>()],
    [Role.backupWorker, new Map<string, Tally>()],
  ]);
  for (let e = 1; e <= EPOCHS; e++) {
    const epoch = BigInt(e);
    const { cands, ineligible } = epochCandidates(rng, fixed, floating, vrf, epoch);
    const beacon: ElectionRandomness = vrf
      ? { backend: 'vrf' }
      : { backend: 'insecure', value: rng.bytes(32) };
    const r = electRuntime({
      chainContext: 'prop',
      epoch,
      runtime: RT,
      compute: cands,
      storage: [],
      beacon,
      params: DEFAULT_SCHEDULER_PARAMS,
    });
    assert.ok(r.ok, `epoch ${e}: a committee exists`);
    const members = r.committees[0]!.members;
    const eligible = cands.map((c) => toHex(c.id)).filter((h) => !ineligible.has(h));
    for (const [role, tally] of tallies) {
      const ids = members.filter((m) => m.role === role).map((m) => toHex(m.public_key));
      for (const h of ids) assert.ok(!ineligible.has(h), `epoch ${e}: ineligible node elected`);
      assert.equal(new Set(ids).size, role === Role.worker ? WORKERS : BACKUPS);
      tallyRole(tally, ids, eligible, ids.length);
    }
  }
  return tallies;
}

function checkFrequencies(tallies: Map<number, Map<string, Tally>>): void {
  for (const [role, tally] of tallies) {
    for (const [h, t] of tally) {
      const bound = 5 * Math.sqrt(t.variance);
      const dev = Math.abs(t.got - t.expected);
      assert.ok(
        dev <= bound,
        `role ${role} node ${h.slice(0, 8)}: ${t.got} vs ${t.expected.toFixed(1)} ± ${bound}`,
      );
    }
  }
}

test(`RT-17: insecure shuffle over ${EPOCHS} epochs: no ineligible node elected, frequencies size/n (5σ)`, () => {
  checkFrequencies(run(11, false));
});

test(`RT-17: VRF with random betas over ${EPOCHS} epochs: no ineligible node elected, frequencies size/n (5σ)`, () => {
  checkFrequencies(run(12, true));
});
