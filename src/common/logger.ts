/**
 * The logging interface every area takes as a dependency (implemented with pino in `node`).
 * Fields must never carry private keys; the key classes redact themselves as a second guard.
 */
export interface Logger {
  trace(fields: Record<string, unknown>, msg: string): void;
  debug(fields: Record<string, unknown>, msg: string): void;
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
  /** A logger whose records all carry `fields` (e.g. `{module: 'bft'}`). */
  child(fields: Record<string, unknown>): Logger;
}

/** A logger that drops everything (default in tests and pure cores). */
export const nullLogger: Logger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return nullLogger;
  },
};

/** A record kept by {@link MemoryLogger}. */
export interface LogRecord {
  level: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  fields: Record<string, unknown>;
}

/** A logger that keeps records in memory, for tests that assert on logged reasons. */
export class MemoryLogger implements Logger {
  constructor(
    readonly records: LogRecord[] = [],
    private readonly base: Record<string, unknown> = {},
  ) {}
  private add(level: LogRecord['level'], fields: Record<string, unknown>, msg: string): void {
    this.records.push({ level, msg, fields: { ...this.base, ...fields } });
  }
  trace(f: Record<string, unknown>, m: string): void {
    this.add('trace', f, m);
  }
  debug(f: Record<string, unknown>, m: string): void {
    this.add('debug', f, m);
  }
  info(f: Record<string, unknown>, m: string): void {
    this.add('info', f, m);
  }
  warn(f: Record<string, unknown>, m: string): void {
    this.add('warn', f, m);
  }
  error(f: Record<string, unknown>, m: string): void {
    this.add('error', f, m);
  }
  child(fields: Record<string, unknown>): Logger {
    return new MemoryLogger(this.records, { ...this.base, ...fields });
  }
}
