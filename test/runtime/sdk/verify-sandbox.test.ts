// RT-2: signature-verification worker threads work inside the real sandbox (bubblewrap + the
// seccomp filter, which allows clone with thread flags): a node runtime importing the SDK starts
// a two-thread pool there and gets the same verdicts as the host computes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ed25519Signer } from '../../../src/common/index.js';
import { loadBundle, SandboxProvisioner } from '../../../src/runtime/host/index.js';
import {
  DEFAULT_MAX_TX_BYTES,
  signTx,
  txContext,
  txSignatureVerdict,
} from '../../../src/runtime/sdk/index.js';
import { listenHost, makeBundle } from '../host/helpers.js';

const SCRIPT = `#!/usr/bin/env node
import net from 'node:net';
import { Ed25519Signer } from 'tandem/dist/src/common/index.js';
import { DEFAULT_MAX_TX_BYTES, SignatureWorkerPool, signTx, txContext } from 'tandem/dist/src/runtime/sdk/index.js';
const domain = { runtimeId: new Uint8Array(32).fill(7), chainContext: '0'.repeat(64) };
const good = signTx(Ed25519Signer.fromSeed(new Uint8Array(32).fill(1)), domain, { nonce: 0n, method: 'm' });
const bad = new Uint8Array(good);
bad[30] ^= 1;
const failures = [];
const pool = new SignatureWorkerPool({ threads: 2, onFailure: (w) => failures.push(w) });
const ctx = txContext(domain);
const jobs = [pool.submit(ctx, DEFAULT_MAX_TX_BYTES, [good, bad, good.subarray(0, 9)]), pool.submit(ctx, DEFAULT_MAX_TX_BYTES, [good])];
const verdicts = (await Promise.all(jobs.map((j) => j.verdicts))).map((v) => v && [...v]);
await pool.close();
const line = JSON.stringify({ verdicts, failures });
const c = net.connect(process.env.TANDEM_HOST_SOCKET, () => c.end(line + '\\n'));
`;

test('RT-2 sandbox: verification worker threads start and verify under bubblewrap and seccomp', async () => {
  const host = await listenHost();
  const b = await loadBundle((await makeBundle(SCRIPT, { executable: 'main.mjs', tandemSdk: true })).dir);
  const stderr: string[] = [];
  const rt = await new SandboxProvisioner().spawn(b, {
    socketPath: host.path,
    onStderr: (l) => stderr.push(l),
  });
  assert.deepEqual(await rt.exited, { code: 0, signal: null }, stderr.join('\n'));
  await host.close();
  const domain = { runtimeId: new Uint8Array(32).fill(7), chainContext: '0'.repeat(64) };
  const good = signTx(Ed25519Signer.fromSeed(new Uint8Array(32).fill(1)), domain, { nonce: 0n, method: 'm' });
  const bad = new Uint8Array(good);
  bad[30]! ^= 1;
  const want = [[good, bad, good.subarray(0, 9)], [good]].map((job) =>
    job.map((x) => txSignatureVerdict(x, txContext(domain), DEFAULT_MAX_TX_BYTES)),
  );
  assert.deepEqual(want, [[1, 2, 0], [1]]);
  assert.deepEqual(
    host.lines.map((l) => JSON.parse(l)),
    [{ verdicts: want, failures: [] }],
    stderr.join('\n'),
  );
});
