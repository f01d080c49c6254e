// What the node spends on the VED account set per block and per epoch start, at a given size:
// `node dist/bench/_ved-set.js [--accounts N] [--blocks B]`. Per block the node encodes the
// epoch's set into its app record and into the UED worker's job, and the worker decodes it and
// hashes it into the UED hash (the VED executor compares the stored hash). Per epoch start the
// VED derives the next set from the stored one (decode, apply the moves, hash, encode, store).
// Prints CPU ms per block and per epoch start (medians).
import { randomBytes } from 'node:crypto';
import { VedAccountSet } from '../src/consensus/index.js';
import { flag } from './harness.js';

const ACCOUNTS = flag('accounts', 50_000);
const BLOCKS = flag('blocks', 20);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

let epoch = 1n;
let set = new VedAccountSet(
  epoch,
  Array.from({ length: ACCOUNTS }, () => randomBytes(21)),
);
const perEpoch: number[] = [];
const perBlock: number[] = [];
for (let e = 0; e < 5; e++) {
  // Epoch start: the stored bytes decoded, 10 moves applied, the new set hashed and stored.
  const stored = set.encode();
  const c0 = cpu();
  const moves = Array.from({ length: 10 }, (_, i) => ({
    address: randomBytes(21),
    to: i % 2 ? 'ved' : 'ued',
  }));
  const next = VedAccountSet.decode(stored).next(++epoch, moves as never);
  next.hash();
  next.encode();
  perEpoch.push(cpu() - c0);
  set = next;
  for (let b = 0; b < BLOCKS; b++) {
    const c1 = cpu();
    set.encode(); // the app record
    const job = set.encode(); // the UED job
    const inWorker = VedAccountSet.decode(job);
    inWorker.hash(); // the UED hash commits it
    perBlock.push(cpu() - c1);
  }
}
const f = (x: number) => x.toFixed(3);
console.log(
  `VED set of ${set.size} accounts: CPU ms per block ${f(median(perBlock))}, per epoch start ${f(median(perEpoch))}`,
);
console.log(
  JSON.stringify({ accounts: set.size, block_ms: +f(median(perBlock)), epoch_ms: +f(median(perEpoch)) }),
);
