// The deferred last-signed record (what the driver uses): the position is taken at once, so a
// conflicting request is refused while the save is still on its way; saves run one at a time in
// the order taken; identical bytes re-signed wait for the save that stored them; a failed save
// rejects `durable` (the signature must not leave), for the re-signed bytes as well; a restart
// sees the saved record. Also the slot file store's asynchronous save as the record store.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Ed25519Signer, toHex } from '../../../src/common/index.js';
import {
  BftError,
  ChainContexts,
  PrivValidator,
  type RecordStore,
  SlotFileStore,
  type VoteBody,
  VoteType,
} from '../../../src/consensus/bft/index.js';
import { CHAIN_ID, seed } from './engine-harness.js';

const ctx = new ChainContexts(CHAIN_ID);
const signer = Ed25519Signer.fromSeed(seed(0));
const refused = (e: unknown) => e instanceof BftError && e.code === BftError.DOUBLE_SIGN_REFUSED;
const H = new Uint8Array(32).fill(0xab);
const G = new Uint8Array(32).fill(0xcd);
const vote = (type: number, height: bigint, round: number, hash: Uint8Array | null = H): VoteBody => ({
  type,
  height,
  round,
  block_hash: hash,
  validator: 0,
  extension: new Uint8Array(0),
});

/** A record store whose asynchronous saves finish when the test says (or fail). */
class GatedStore implements RecordStore {
  saved: Uint8Array | undefined;
  running = 0;
  maxRunning = 0;
  readonly gates: { release: () => void; fail: () => void }[] = [];
  load(): Uint8Array | undefined {
    return this.saved;
  }
  save(r: Uint8Array): void {
    this.saved = r;
  }
  saveAsync(r: Uint8Array): Promise<void> {
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    return new Promise((resolve, reject) => {
      const done = (ok: boolean) => {
        this.running--;
        if (ok) this.saved = r;
        ok ? resolve() : reject(new BftError(BftError.SIGN_STATE_IO, 'disk gone'));
      };
      this.gates.push({ release: () => done(true), fail: () => done(false) });
    });
  }
}

const tick = () => new Promise((r) => setImmediate(r));

test('deferred: the position is taken at once, saves run one at a time in order, re-signs wait', async () => {
  const store = new GatedStore();
  const pv = new PrivValidator(signer, store, ctx);
  const a = pv.signVoteDeferred(vote(VoteType.Prevote, 5n, 0));
  assert.throws(
    () => pv.signVoteDeferred(vote(VoteType.Prevote, 5n, 0, G)),
    refused,
    'conflict while saving',
  );
  const again = pv.signVoteDeferred(vote(VoteType.Prevote, 5n, 0));
  assert.equal(toHex(again.signature), toHex(a.signature));
  const b = pv.signVoteDeferred(vote(VoteType.Precommit, 5n, 0));
  let settled = 0;
  for (const p of [a.durable, again.durable, b.durable]) void p.then(() => settled++);
  await tick();
  assert.equal(store.gates.length, 1, 'the second save waits for the first');
  store.gates[0]!.release();
  await tick();
  assert.equal(settled, 2, 'the first save and the identical re-sign are durable');
  assert.equal(store.gates.length, 2);
  store.gates[1]!.release();
  await b.durable;
  assert.equal(store.maxRunning, 1);
  const restarted = new PrivValidator(signer, store, ctx);
  assert.throws(() => restarted.signVote(vote(VoteType.Prevote, 5n, 0)), refused, 'the record survived');
});

test('deferred: a failed save rejects durable, for the identical re-sign too; later saves still run', async () => {
  const store = new GatedStore();
  const pv = new PrivValidator(signer, store, ctx);
  const a = pv.signVoteDeferred(vote(VoteType.Prevote, 7n, 0));
  await tick();
  store.gates[0]!.fail();
  await assert.rejects(a.durable, (e: unknown) => e instanceof BftError && e.code === BftError.SIGN_STATE_IO);
  await assert.rejects(pv.signVoteDeferred(vote(VoteType.Prevote, 7n, 0)).durable);
  assert.throws(() => pv.signVoteDeferred(vote(VoteType.Prevote, 7n, 0, G)), refused, 'still taken');
  const b = pv.signVoteDeferred(vote(VoteType.Precommit, 7n, 0));
  await tick();
  store.gates[1]!.release();
  await b.durable;
});

test('deferred with the slot file store: saved off the loop, read back after a restart', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'tandem-pvd-')), 'sign_state');
  const pv = new PrivValidator(signer, new SlotFileStore(path), ctx);
  const s = [0, 1, 2].map((r) => pv.signVoteDeferred(vote(VoteType.Prevote, 9n, r)));
  await Promise.all(s.map((x) => x.durable));
  const again = new PrivValidator(signer, new SlotFileStore(path), ctx);
  assert.throws(() => again.signVote(vote(VoteType.Prevote, 9n, 1)), refused);
  assert.equal(toHex(again.signVote(vote(VoteType.Prevote, 9n, 2))), toHex(s[2]!.signature));
});
