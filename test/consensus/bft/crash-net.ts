// The validator crash test's network: validators 0..2 run in this process (BftDriver with memory
// stores, TestApp, real timers) and validator 3 is a child process (crash-child.ts). The relay
// delivers every broadcast to all others and every send to its peer; the child's lines are parsed
// here, and every vote and proposal it ever signed is recorded across incarnations so that a
// double signature is caught even when no honest node happens to see both halves.
import { decodeWith, encodeWith, toHex } from '../../../src/common/index.js';
import {
  BftDriver,
  blockCodec,
  blockHash,
  ChainContexts,
  MemoryBlockStore,
  MemorySignStateStore,
  MemoryWal,
  type Message,
  PrivValidator,
  proposalBodyCodec,
  ValidatorSet,
  type Vote,
  VoteType,
  voteBodyCodec,
} from '../../../src/consensus/bft/index.js';
import { TestApp } from '../../../src/sim/index.js';
import {
  CRASH_GENESIS_TIME,
  CRASH_GOSSIP_MS,
  CRASH_TIMEOUTS,
  CRASH_VALIDATORS,
  crashSigner,
  crashValidators,
  messageLine,
  parseMessageLine,
} from '../../fixtures/bft-crash-chain.js';
import { CrashChild, type ReplayLine } from './crash-child.js';

/** Key index of the validator that runs as a child process (its peer id is `v3`). */
export const CHILD = CRASH_VALIDATORS - 1;

/** One signed message of the child, as first seen. */
export interface Signed {
  height: bigint;
  round: number;
  step: 'proposal' | 'prevote' | 'precommit';
  /** False for a nil vote. */
  forBlock: boolean;
  bodyHex: string;
  incarnation: number;
}

/** An in-process validator: BftDriver on memory stores and real timers. */
class LocalNode {
  readonly blocks = new MemoryBlockStore();
  readonly driver: BftDriver;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(i: number, prefix: string, chainId: string, net: CrashNet) {
    const id = `v${i}`;
    this.driver = new BftDriver({
      chainId,
      genesis: { validators: crashValidators(prefix), time: CRASH_GENESIS_TIME },
      epochLength: 1000n,
      priv: new PrivValidator(crashSigner(prefix, i), new MemorySignStateStore(), new ChainContexts(chainId)),
      app: new TestApp(),
      wal: new MemoryWal(),
      blocks: this.blocks,
      state: new MemorySignStateStore(),
      transport: { broadcast: (m) => net.relay(id, '*', m), send: (to, m) => net.relay(id, to, m) },
      timers: {
        now: () => BigInt(Date.now()),
        after: (ms, f) => {
          const t = setTimeout(() => {
            this.timers.delete(t);
            Promise.resolve().then(f).catch(net.fail);
          }, ms);
          this.timers.add(t);
        },
      },
      timeouts: CRASH_TIMEOUTS,
      gossipMs: CRASH_GOSSIP_MS,
    });
  }

  stop(): void {
    this.driver.stop();
    for (const t of this.timers) clearTimeout(t);
  }

  /** Hash of the decided block at each height, from 1. */
  async hashes(): Promise<string[]> {
    const out: string[] = [];
    for (let h = 1n; h <= this.blocks.height(); h++) {
      out.push(toHex(blockHash(decodeWith(blockCodec, (await this.blocks.block(h))!))));
    }
    return out;
  }
}

/** Three in-process validators, the child's incarnations, the relay between them, and the record. */
export class CrashNet {
  readonly locals: LocalNode[] = [];
  /** Child failures (`error` lines) and exceptions of the in-process nodes. */
  readonly errors: string[] = [];
  /** Two different signed bodies of the child at one (height, round, step). */
  readonly conflicts: string[] = [];
  readonly replays: ReplayLine[] = [];
  /** `commit` lines of every incarnation: height → block hashes printed. */
  readonly childCommits = new Map<bigint, Set<string>>();
  /** Driver warnings of the child (a refused signature, evidence): none are expected. */
  readonly childLogs: string[] = [];
  /** Kinds of write after which an incarnation killed itself (crash injection). */
  readonly injected: string[] = [];
  /** Incarnations whose output held an undecodable message line (a write cut by the kill). */
  readonly tornLines: number[] = [];
  /** Everything the child signed, by `height/round/step`. */
  readonly signed = new Map<string, Signed>();
  child: CrashChild | undefined;
  private incarnations = 0;
  private stopped = false;
  private readonly cut = new Set<string>();
  /** The child's index in the validator set (sorted by key), which votes and proposals carry. */
  private readonly childIndex: number;

  constructor(
    private readonly dir: string,
    private readonly prefix: string,
    private readonly chainId: string,
  ) {
    for (let i = 0; i < CHILD; i++) this.locals.push(new LocalNode(i, prefix, chainId, this));
    this.childIndex = new ValidatorSet(crashValidators(prefix)).indexOf(crashSigner(prefix, CHILD).publicKey);
  }

  /** Record an exception of an in-process node (asserted empty at the end). */
  readonly fail = (e: unknown): void => {
    this.errors.push(e instanceof Error ? (e.stack ?? e.message) : String(e));
  };

  /** Start the in-process validators (the chain runs without the child: 3 of 4 is enough). */
  async startLocals(): Promise<void> {
    for (const n of this.locals) await n.driver.start();
  }

  /** Spawn the next incarnation on the same data dir; `crashAt` (`<kind>:<n>`) makes it kill itself. */
  spawnChild(crashAt?: string): CrashChild {
    const args = [this.dir, String(CHILD), this.prefix, this.chainId, ...(crashAt ? [crashAt] : [])];
    this.child = new CrashChild(++this.incarnations, args, (l, inc) => this.onChildLine(l, inc));
    return this.child;
  }

  /** Highest height an in-process node has decided (the chain's tip as far as the test knows). */
  localHeight(): bigint {
    let top = 0n;
    for (const n of this.locals) if (n.blocks.height() > top) top = n.blocks.height();
    return top;
  }

  /** Cut in-process node `i` off the network (both ways) until {@link heal}. */
  isolate(i: number): void {
    this.cut.add(`v${i}`);
  }

  /** Reconnect every cut-off node. */
  heal(): void {
    this.cut.clear();
  }

  /** Highest height the child ever reported committed. */
  childHeight(): bigint {
    let top = 0n;
    for (const h of this.childCommits.keys()) if (h > top) top = h;
    return top;
  }

  /** Stop the in-process validators and the relay. */
  stop(): void {
    this.stopped = true;
    for (const n of this.locals) n.stop();
  }

  /** Deliver `m` from `from` to `to` (`*`: everyone else), each local on its own later turn. */
  relay(from: string, to: string, m: Message): void {
    if (this.stopped || this.cut.has(from)) return;
    this.locals.forEach((n, i) => {
      const id = `v${i}`;
      if (id === from || this.cut.has(id) || (to !== '*' && to !== id)) return;
      setImmediate(() => {
        if (!this.stopped) n.driver.receive(from, m).catch(this.fail);
      });
    });
    if (from !== `v${CHILD}` && (to === '*' || to === `v${CHILD}`)) this.child?.write(messageLine(from, m));
  }

  private onChildLine(line: string, incarnation: number): void {
    const [kind] = line.split(' ', 1);
    if (kind === 'msg') {
      let msg: ReturnType<typeof parseMessageLine>;
      try {
        msg = parseMessageLine(line.slice(4));
      } catch {
        // Only the last line of a killed incarnation may be cut short; the test checks that.
        this.tornLines.push(incarnation);
        return;
      }
      this.recordSigned(msg.m, incarnation);
      this.relay(`v${CHILD}`, msg.peer, msg.m);
    } else if (kind === 'replayed') {
      const [, records, height] = line.split(' ');
      this.replays.push({ incarnation, records: Number(records), height: BigInt(height!) });
    } else if (kind === 'commit') {
      const [, h, hash] = line.split(' ');
      const set = this.childCommits.get(BigInt(h!)) ?? new Set<string>();
      this.childCommits.set(BigInt(h!), set.add(hash!));
    } else if (kind === 'log') this.childLogs.push(`#${incarnation} ${line}`);
    else if (kind === 'dying') this.injected.push(line.slice('dying after '.length).split(' ')[0]!);
    else this.errors.push(`child #${incarnation}: ${line}`);
  }

  private recordSigned(m: Message, incarnation: number): void {
    if ('vote' in m) this.recordVote(m.vote, incarnation);
    if ('proposal' in m && m.proposal.body.proposer === this.childIndex) {
      const b = m.proposal.body;
      const bodyHex = toHex(encodeWith(proposalBodyCodec, b));
      this.record({
        height: b.height,
        round: b.round,
        step: 'proposal',
        forBlock: true,
        bodyHex,
        incarnation,
      });
    }
    // A block-sync answer carries the child's own precommits too: they are signatures it released.
    if ('sync_response' in m)
      for (const d of m.sync_response) for (const v of d.commit.votes) this.recordVote(v, incarnation);
  }

  private recordVote(v: Vote, incarnation: number): void {
    const b = v.body;
    if (b.validator !== this.childIndex) return; // proof-of-lock votes of others travel through it too
    const step = b.type === VoteType.Prevote ? 'prevote' : 'precommit';
    const bodyHex = toHex(encodeWith(voteBodyCodec, b));
    this.record({
      height: b.height,
      round: b.round,
      step,
      forBlock: b.block_hash !== null,
      bodyHex,
      incarnation,
    });
  }

  private record(s: Signed): void {
    const key = `${s.height}/${s.round}/${s.step}`;
    const seen = this.signed.get(key);
    if (!seen) this.signed.set(key, s);
    else if (seen.bodyHex !== s.bodyHex)
      this.conflicts.push(
        `${key}: #${seen.incarnation} signed ${seen.bodyHex}, #${s.incarnation} signed ${s.bodyHex}`,
      );
  }
}
