/**
 * The node's logger: pino writing JSON lines to a file descriptor (stdout by default), behind the
 * common {@link Logger} interface. Fields named like key material are redacted as a guard beside
 * the key classes' own redaction, so a careless log call cannot print a secret.
 */
import pino from 'pino';
import type { Logger } from '../common/index.js';

/** Levels a config may name (`silent` logs nothing). */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent';

const REDACT = ['seed', 'secret', 'privateKey', 'private_key', 'secretKey', 'secret_key'];

/** A pino-backed logger at `level`, writing synchronously to `fd` (1 = stdout). */
export function createLogger(level: LogLevel, fd = 1, base: Record<string, unknown> = {}): Logger {
  const log = pino(
    {
      level,
      base: { pid: process.pid, ...base },
      redact: { paths: [...REDACT, ...REDACT.map((k) => `*.${k}`)], censor: '[redacted]' },
    },
    // Synchronous: a crash or SIGKILL must not lose the lines that explain it.
    pino.destination({ dest: fd, sync: true }),
  );
  return log as unknown as Logger;
}
