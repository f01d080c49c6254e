/** Gas accounting of one transaction: a limit from the fee, charged before and during handling. */
import { ConsensusError } from '../errors.js';

/** Counts gas against a limit; passing the limit throws and pins the use at the limit. */
export class GasMeter {
  #used = 0n;

  constructor(readonly limit: bigint) {}

  get used(): bigint {
    return this.#used;
  }

  /** Charge `amount` (≥ 0); throws {@link ConsensusError.OUT_OF_GAS} past the limit. */
  use(amount: bigint): void {
    if (typeof amount !== 'bigint' || amount < 0n) {
      throw new ConsensusError(ConsensusError.INVALID_AMOUNT, 'gas amount must be a non-negative bigint');
    }
    if (this.#used + amount > this.limit) {
      this.#used = this.limit;
      throw new ConsensusError(ConsensusError.OUT_OF_GAS, 'out of gas', { limit: String(this.limit) });
    }
    this.#used += amount;
  }
}
