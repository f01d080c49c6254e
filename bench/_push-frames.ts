// `node dist/bench/_push-frames.js [N]`: two libp2p nodes in this process on loopback, a direct
// push topic between them, N messages of 300 bytes sent one at a time (each delivered before the
// next, so each travels alone); prints write syscalls (/proc/self/io) and CPU of the process per
// message. A tool for comparing builds side by side (docs/performance.md, localnet), not a
// benchmark with a target.
import { readFileSync } from 'node:fs';
import { Ed25519Signer, utf8 } from '../src/common/index.js';
import { Libp2pNetwork } from '../src/p2p/index.js';

const N = Number(process.argv[2] ?? 3000);
const make = () =>
  new Libp2pNetwork({
    p2pSeed: Ed25519Signer.generate().exportSeed(),
    authorizer: { isRegistered: () => true },
    listen: ['/ip4/127.0.0.1/tcp/0'],
    heartbeatMs: 100,
  });
const writes = () => Number(/syscw: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))![1]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const [a, b] = [make(), make()];
let got = 0;
a.subscribe('t', () => 'accept', { direct: true });
b.subscribe(
  't',
  () => {
    got++;
    return 'accept';
  },
  { direct: true },
);
await a.start();
await b.start();
await a.dial(b.addresses()[0]!);
for (let i = 0; !a.pushPeers('t').includes(b.peerId); i++) {
  await a.publish('t', utf8(`warm ${i}`));
  await sleep(50);
}
await sleep(300);
const [w0, c0] = [writes(), process.cpuUsage()];
const msg = new Uint8Array(300).fill(7);
for (let i = 0; i < N; i++) {
  new DataView(msg.buffer).setUint32(0, i);
  const want = got + 1;
  await a.publish('t', msg);
  while (got < want) await new Promise((r) => setImmediate(r));
}
const c = process.cpuUsage(c0);
const out = {
  messages: N,
  writes_per_msg: (writes() - w0) / N,
  cpu_us_per_msg: Math.round((c.user + c.system) / N),
};
await a.stop();
await b.stop();
console.log(JSON.stringify(out));
