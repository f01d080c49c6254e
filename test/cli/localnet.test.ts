/**
 * `tandem localnet` (issue 8): one process per validator on loopback; it waits until blocks are
 * decided, prints every node's endpoints and then their heights; the README's `tandem tx
 * transfer` against it succeeds (confirmed at the default stake threshold); Ctrl-C (SIGINT) stops every
 * node cleanly (each node's log ends with "stopped"); a second start with the same --dir
 * continues the same chain (same genesis, heights from where it stopped).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { type CliResult, runCli, runCliAsync } from '../helpers/cli.js';
import { cliPath, repoRoot } from '../helpers/paths.js';
import { reserveBasePort } from '../helpers/ports.js';

const HEIGHTS = /^heights: (.*)$/gm;

/** Heights of the last heights line. */
function lastHeights(out: string): number[] {
  const lines = [...out.matchAll(HEIGHTS)];
  const last = lines.at(-1)?.[1] ?? '';
  return [...last.matchAll(/v\d+ (\d+)/g)].map((m) => Number(m[1]));
}

/**
 * Run `tandem localnet` until `ready` shows, then run `during` (while the network runs) and
 * SIGINT it; resolves with its output and status.
 */
function runUntil(
  args: string[],
  ready: RegExp,
  during: () => Promise<void> = async () => {},
): Promise<{ out: string; code: number | null; error?: unknown }> {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const child = spawn(process.execPath, [cliPath, ...args], { cwd: repoRoot, env });
  let out = '';
  let started = false;
  let error: unknown;
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (!started && ready.test(out)) {
      started = true;
      during()
        .catch((e: unknown) => (error = e))
        .finally(() => child.kill('SIGINT'));
    }
  });
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 170_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ out, code, error });
    }),
  );
}

test('localnet: 4 node processes decide blocks, print endpoints, take a README transfer, stop on Ctrl-C; a second start continues the chain', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-localnet-'));
  const base = String(reserveBasePort());
  const args = ['localnet', '--dir', dir, '--base-port', base, '--epoch-interval', '3'];
  try {
    let transfer: CliResult | undefined;
    const a = await runUntil(args, /^heights: v0 [1-9]/m, async () => {
      // The README's commands, pointed at this network's port range.
      const key = (j: number) => join(dir, 'accounts', `ued-${j}.pem`);
      const to = (await runCliAsync(['keys', 'address', '--key', key(1)])).stdout.trim();
      const rpc = `http://127.0.0.1:${Number(base) + 1}`;
      transfer = await runCliAsync(
        ['tx', 'transfer', '--rpc', rpc, '--key', key(0), '--to', to, '--amount', '1000'],
        { timeoutMs: 120_000 },
      );
    });
    assert.equal(a.error, undefined);
    assert.equal(a.code, 0, a.out);
    assert.equal(transfer?.status, 0, `${transfer?.stdout}${transfer?.stderr}`);
    const chain = /^localnet (\S+): 4 nodes, data in /m.exec(a.out)?.[1];
    assert.ok(chain, a.out);
    for (let i = 0; i < 4; i++) {
      const port = Number(base) + 10 * i;
      assert.match(
        a.out,
        new RegExp(
          `v${i}  api http://127\\.0\\.0\\.1:${port + 1}/  metrics http://127\\.0\\.0\\.1:${port + 2}/metrics`,
        ),
      );
      const log = readFileSync(join(dir, `v${i}`, 'node.log'), 'utf8')
        .trim()
        .split('\n');
      assert.match(log.at(-1)!, /"msg":"stopped"/, `v${i} stopped cleanly`);
    }
    assert.match(a.out, /^stopped$/m);
    const genesis = readFileSync(join(dir, 'genesis.json'), 'utf8');
    assert.equal(JSON.parse(genesis).chain_id, chain);
    const before = Math.max(...lastHeights(a.out));

    const b = runCli([...args, '--blocks', String(before + 1)], { timeoutMs: 170_000 });
    assert.equal(b.status, 0, b.stdout + b.stderr);
    assert.equal(/^localnet (\S+):/m.exec(b.stdout)?.[1], chain, 'same chain');
    assert.equal(readFileSync(join(dir, 'genesis.json'), 'utf8'), genesis, 'genesis kept');
    const first = [...b.stdout.matchAll(HEIGHTS)][0]?.[1] ?? '';
    for (const m of first.matchAll(/v\d+ (\d+)/g)) assert.ok(Number(m[1]) >= before, b.stdout);
    assert.ok(Math.min(...lastHeights(b.stdout)) >= before + 1, b.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('localnet: bad arguments are refused with a coded error', () => {
  const r = runCli(['localnet', '--validators', 'many', '--epoch-interval', '1', '--blocks', '1']);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /\[cli\/2\]/);
});
