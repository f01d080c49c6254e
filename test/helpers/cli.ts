/** Run the `tandem` CLI as a child process and capture its output. */
import { spawnSync } from 'node:child_process';
import { cliPath, repoRoot } from './paths.js';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run `tandem ...args` synchronously from the repository root. */
export function runCli(args: string[], opts: { input?: string; timeoutMs?: number } = {}): CliResult {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: repoRoot,
    env,
    input: opts.input,
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 30_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
