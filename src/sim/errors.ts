import { TandemError } from '../common/index.js';

/** Errors of the simulator (module `sim`). */
export class SimError extends TandemError {
  static readonly MODULE = 'sim';
  static readonly INTERNAL = 1;
  static readonly BAD_ARGS = 2;
  /** Thrown inside a node to simulate a crash at that exact point. */
  static readonly CRASH = 3;

  constructor(code: number, message: string, context?: Record<string, unknown>) {
    super(SimError.MODULE, code, message, context);
    this.name = 'SimError';
  }
}
