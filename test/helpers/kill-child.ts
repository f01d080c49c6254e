/** Crash tests: run a child script and SIGKILL it some time after its first line of output. */
import { spawn } from 'node:child_process';

/**
 * Run `script` with `args`, kill it `afterMs` after its first stdout line (so kills land inside
 * whatever it does next), and resolve with its stdout lines that start with `prefix`.
 */
export function runAndKill(
  script: string,
  args: string[],
  afterMs: number,
  prefix: string,
): Promise<string[]> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    const p = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    let timer: NodeJS.Timeout | undefined;
    p.stdout.once('data', () => (timer = setTimeout(() => p.kill('SIGKILL'), afterMs)));
    p.on('exit', () => {
      clearTimeout(timer);
      resolve(out.split('\n').filter((l) => l.startsWith(prefix)));
    });
  });
}
