import { TandemError } from '../common/index.js';

/** Errors of the node assembly (module `node`). */
export class NodeError extends TandemError {
  static readonly MODULE = 'node';
  static readonly CONFIG = 1;
  static readonly GENESIS = 2;

  constructor(code: number, message: string, context?: Record<string, unknown>) {
    super(NodeError.MODULE, code, message, context);
    this.name = 'NodeError';
  }
}
