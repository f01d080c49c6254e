/** Real libp2p nodes on 127.0.0.1 for the p2p tests, with a mutable registry and cleanup. */
import { Ed25519Signer, toHex } from '../../src/common/index.js';
import {
  Libp2pNetwork,
  type Libp2pNetworkOptions,
  type PeerAuthorizer,
  type Verdict,
} from '../../src/p2p/index.js';

/** A registry of p2p keys that tests can change. */
export class TestRegistry implements PeerAuthorizer {
  readonly keys = new Set<string>();
  add(pub: Uint8Array): void {
    this.keys.add(toHex(pub));
  }
  isRegistered(pub: Uint8Array): boolean {
    return this.keys.has(toHex(pub));
  }
}

export interface TestNode {
  net: Libp2pNetwork;
  key: Ed25519Signer;
}

/** Keeps every node a test starts, so the test can stop them all in `finally`/`after`. */
export class Nodes {
  readonly all: TestNode[] = [];

  /** Create (not start) a node; `registered` adds its key to `registry` (default true). */
  make(
    registry: TestRegistry,
    opts: Partial<Libp2pNetworkOptions> & { registered?: boolean } = {},
  ): TestNode {
    const key = Ed25519Signer.generate();
    if (opts.registered !== false) registry.add(key.publicKey);
    const net = new Libp2pNetwork({
      p2pSeed: key.exportSeed(),
      authorizer: registry,
      listen: ['/ip4/127.0.0.1/tcp/0'],
      heartbeatMs: 100,
      ...opts,
    });
    const n = { net, key };
    this.all.push(n);
    return n;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.all.map((n) => n.net.stop()));
    this.all.length = 0;
  }
}

/** Wait until `cond` holds (polling), or fail after `ms`. */
export async function until(cond: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Connect `a` to `b` and wait until each sees the other subscribed to `topic`. */
export async function link(a: Libp2pNetwork, b: Libp2pNetwork, topic: string): Promise<void> {
  await a.dial(b.addresses()[0]!);
  await until(
    () => a.topicPeers(topic).includes(b.peerId) && b.topicPeers(topic).includes(a.peerId),
    5000,
    'subscriptions',
  );
}

/** Messages a gossip handler saw: the origin and the text. */
export type Got = { from: string; text: string }[];

/** A gossip handler that records into `got` and answers `verdict`. */
export function collector(got: Got, verdict: Verdict = 'accept') {
  return (from: string, data: Uint8Array): Verdict => {
    got.push({ from, text: new TextDecoder().decode(data) });
    return verdict;
  };
}
