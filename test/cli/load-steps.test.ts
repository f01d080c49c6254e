/**
 * The pure rules of a load ramp (src/cli/load-steps.ts): nearest-rank percentiles, the default
 * sender count, when a step held, when latency exploded, the next offered rate and the sustained
 * rate of a ramp.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  defaultSenders,
  finalRate,
  latencyExploded,
  nextRate,
  percentile,
  type RampOptions,
  type StepFigures,
  stepHeld,
  sustainedTps,
} from '../../src/cli/load-steps.js';

/** A step that held at `offered` unless told otherwise. */
function step(offered: number, o: Partial<StepFigures> = {}): StepFigures {
  const n = Math.round(offered * 10);
  return {
    offered_tps: offered,
    achieved_tps: offered,
    submitted: n,
    final: n,
    rejected: 0,
    p50_final_ms: 300,
    p99_final_ms: 600,
    ...o,
  };
}

const doubling: RampOptions = { first: 10, factor: 2, max: 100, refine: 1 };

test('percentile: nearest rank, empty gives 0, q = 1 gives the maximum', () => {
  const xs = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal(percentile(xs, 0.5), 51);
  assert.equal(percentile(xs, 0.99), 100);
  assert.equal(percentile(xs, 1), 100);
  assert.equal(percentile([7], 0.5), 7);
  assert.equal(percentile([], 0.5), 0);
});

test('defaultSenders: one per 16 tps (or as given), bounded to 4..60', () => {
  assert.equal(defaultSenders(1), 4);
  assert.equal(defaultSenders(100), 7);
  assert.equal(defaultSenders(100, 8), 13);
  assert.equal(defaultSenders(10_000), 60);
  assert.equal(defaultSenders(10_000, 8), 60);
});

test('finalRate: final over the longer of the window and the finalization span', () => {
  // Kept up: 30 transfers in a 3 s window, finalized over 2.5 s (blocks batch them).
  assert.equal(finalRate(30, 3, 2500), 10);
  // Backlog: the finalization span stretches to 6 s.
  assert.equal(finalRate(30, 3, 6000), 5);
  assert.equal(finalRate(0, 3, 0), 0);
  assert.equal(finalRate(1, 0, 0), 0);
});

test('stepHeld: achieved ≥ 90% of offered with nothing refused or unfinalized', () => {
  assert.ok(stepHeld(step(100, { achieved_tps: 90 })));
  assert.ok(!stepHeld(step(100, { achieved_tps: 89.9 })));
  assert.ok(!stepHeld(step(100, { rejected: 1 })));
  assert.ok(!stepHeld(step(100, { final: 999 })));
  assert.ok(!stepHeld(step(100, { submitted: 0, final: 0 })));
});

test('latencyExploded: over 10× the low-load p50 and over 2 s', () => {
  assert.ok(!latencyExploded(step(50, { p50_final_ms: 2000 }), 100));
  assert.ok(latencyExploded(step(50, { p50_final_ms: 2001 }), 100));
  assert.ok(!latencyExploded(step(50, { p50_final_ms: 4000 }), 400));
  assert.ok(latencyExploded(step(50, { p50_final_ms: 4001 }), 400));
});

test('nextRate: first step, then growth by the factor up to the maximum', () => {
  assert.equal(nextRate([], doubling), undefined);
  assert.equal(nextRate([step(5)], doubling), 10);
  assert.equal(nextRate([step(5), step(10)], doubling), 20);
  assert.equal(nextRate([step(5), step(10), step(20), step(40), step(80)], doubling), undefined);
});

test('nextRate: a failed low-load step ends the ramp', () => {
  assert.equal(nextRate([step(5, { rejected: 1 })], doubling), undefined);
});

test('nextRate: after the first failure one refining step at the geometric midpoint, then the end', () => {
  const s = [step(5), step(10), step(20), step(40, { achieved_tps: 20 })];
  assert.equal(nextRate(s, doubling), 28);
  assert.equal(nextRate([...s, step(28)], doubling), undefined);
  assert.equal(nextRate(s, { ...doubling, refine: 0 }), undefined);
  // Latency explosion counts as failure too.
  const slow = [step(5), step(10), step(20, { p50_final_ms: 9000 })];
  assert.equal(nextRate(slow, doubling), 14);
  // Adjacent integer rates leave no midpoint to try.
  assert.equal(nextRate([step(5), step(6, { final: 1 })], { ...doubling, first: 6 }), undefined);
});

test('nextRate: refining steps bisect between the highest held and the lowest failed rate, up to the count', () => {
  const three = { ...doubling, max: 5000, refine: 3 };
  const s = [step(5), step(10), step(20), step(40), step(80), step(160), step(320), step(640)];
  const f1280 = [...s, step(1280, { achieved_tps: 700 })];
  assert.equal(nextRate(f1280, three), 905);
  // 905 failed: between 640 (held) and 905.
  const f905 = [...f1280, step(905, { rejected: 3 })];
  assert.equal(nextRate(f905, three), 761);
  // 761 held: between 761 and 905; after it the count of three is used up.
  const h761 = [...f905, step(761)];
  assert.equal(nextRate(h761, three), 830);
  assert.equal(nextRate([...h761, step(830)], three), undefined);
  assert.equal(sustainedTps([...h761, step(830)]), 830);
  assert.equal(sustainedTps([...h761, step(830, { final: 1 })]), 761);
  // A held refining step above the first midpoint moves the lower bound up.
  const h905 = [...f1280, step(905)];
  assert.equal(nextRate(h905, three), 1076);
});

test('sustainedTps: highest held step without latency explosion, including a refining step', () => {
  assert.equal(sustainedTps([]), 0);
  assert.equal(sustainedTps([step(5, { rejected: 5 })]), 0);
  assert.equal(sustainedTps([step(5), step(10), step(20, { achieved_tps: 10 }), step(14)]), 14);
  assert.equal(sustainedTps([step(5), step(10), step(20, { p50_final_ms: 9000 })]), 10);
});
