import { TandemError } from '../common/index.js';

/** Errors of the node assembly (module `node`). */
export class NodeError extends TandemError {
  static readonly MODULE = 'node';
  static readonly CONFIG = 1;
  static readonly GENESIS = 2;
  /** A key file of the node is missing or unreadable. */
  static readonly KEYS = 3;
  /** A part of the node failed to start (stores, network, API, metrics). */
  static readonly STARTUP = 4;
  /** A node process of the local network failed or did not become ready. */
  static readonly CHILD = 5;

  constructor(code: number, message: string, context?: Record<string, unknown>) {
    super(NodeError.MODULE, code, message, context);
    this.name = 'NodeError';
  }
}
