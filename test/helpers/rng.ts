/** The seeded PRNG of the simulator, with two helpers tests use, so property tests replay exactly. */
import { SimRng } from '../../src/sim/index.js';

export class Rng extends SimRng {
  /** A random element. */
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }

  /** Fisher–Yates shuffle, in place. */
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  }
}
