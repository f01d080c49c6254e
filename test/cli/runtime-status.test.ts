// `tandem runtime status` as a spawned process against a real chain's API (issue 6): text and
// output from the runtime methods; an unknown runtime fails with roothash's coded error.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { hash, toHex, utf8 } from '../../src/common/index.js';
import { RoothashError } from '../../src/services/roothash/index.js';
import { type RuntimeApi, startRuntimeApi } from '../api/runtime-api.js';
import { RUNTIME } from '../domains/runtime-chain-fixture.js';
import { runCliAsync } from '../helpers/cli.js';

let rx: RuntimeApi;
before(async () => {
  rx = await startRuntimeApi();
});
after(() => rx.server.close());

test('tandem runtime status: text from the API; an unknown id fails coded', async () => {
  const args = (...extra: string[]) => ['runtime', 'status', '--rpc', rx.server.url, ...extra];
  const [text, unknown] = await Promise.all([
    runCliAsync(args('--runtime', toHex(RUNTIME))),
    runCliAsync(args('--runtime', toHex(hash(utf8('none'))))),
  ]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`runtime +${toHex(RUNTIME)}`));
  assert.match(text.stdout, /executor +2 worker, 1 backup_worker/);
  assert.match(text.stdout, /nodes +2 good, 0 bad/);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, new RegExp(`\\[roothash/${RoothashError.UNKNOWN_RUNTIME}\\]`));
});
