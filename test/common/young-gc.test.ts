import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getHeapSpaceStatistics } from 'node:v8';
import { BlockCollector, collectYoung, DEFAULT_COLLECT_AFTER_TXS } from '../../src/common/index.js';

const newSpaceUsed = () =>
  getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_used_size;

/** Allocate garbage only the young generation holds. */
function litter(n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const o = { i, pair: [i, i + 1] };
    sum += o.pair[1]!;
  }
  return sum;
}

describe('young-generation collection', () => {
  // Each test first empties the young generation, then litters less than its smallest size, so no
  // collection of V8's own falls between the littering and the measurement.
  it('collectYoung empties the young generation of garbage', () => {
    collectYoung();
    litter(4000);
    const before = newSpaceUsed();
    assert.equal(collectYoung(), true);
    const after = newSpaceUsed();
    assert.ok(before > 100_000, `garbage was allocated (${before} bytes)`);
    assert.ok(after < before / 4, `young generation ${before} -> ${after} bytes`);
  });

  it('BlockCollector collects only once enough transactions ran since the last collection', () => {
    const c = new BlockCollector(300);
    assert.equal(c.afterBlock(100), false);
    assert.equal(c.afterBlock(199), false);
    collectYoung();
    litter(4000);
    const before = newSpaceUsed();
    assert.equal(c.afterBlock(1), true, 'the 300th transaction triggers it');
    assert.ok(newSpaceUsed() < before / 4);
    assert.equal(c.afterBlock(0), false, 'the count starts again');
    assert.equal(c.afterBlock(299), false);
    assert.equal(c.afterBlock(1000), true, 'one big block is enough');
  });

  it('the default threshold is a few hundred transactions', () => {
    assert.equal(new BlockCollector().minTxs, DEFAULT_COLLECT_AFTER_TXS);
    assert.ok(DEFAULT_COLLECT_AFTER_TXS >= 100 && DEFAULT_COLLECT_AFTER_TXS <= 1000);
  });
});
