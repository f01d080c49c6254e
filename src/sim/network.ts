/**
 * An in-memory network on virtual time. Each message gets a delay from the fault model (a uniform
 * base with a heavy tail, so messages reorder), may be dropped or duplicated, and is blocked while
 * a partition separates its endpoints. Delivery is an event on the virtual clock.
 */
import type { Message } from '../consensus/bft/index.js';
import type { VirtualClock } from './clock.js';
import type { SimRng } from './rng.js';

/** The network's fault model. All probabilities are per mille. */
export interface NetFaults {
  minDelayMs: number;
  maxDelayMs: number;
  tailPerMille: number;
  tailMaxMs: number;
  dropPerMille: number;
  dupPerMille: number;
}

export const CALM: NetFaults = {
  minDelayMs: 0,
  maxDelayMs: 0,
  tailPerMille: 0,
  tailMaxMs: 0,
  dropPerMille: 0,
  dupPerMille: 0,
};

type Deliver = (from: string, m: Message) => Promise<void>;

export class SimNetwork {
  faults: NetFaults = CALM;
  /** Partition: node → group; nodes in different groups (both ≥ 0) cannot talk. -1 talks to all. */
  private groups: Map<string, number> | null = null;
  private readonly nodes = new Map<string, Deliver>();
  sent = 0;
  dropped = 0;

  constructor(
    private readonly clock: VirtualClock,
    private readonly rng: SimRng,
  ) {}

  register(id: string, deliver: Deliver): void {
    this.nodes.set(id, deliver);
  }

  get ids(): string[] {
    return [...this.nodes.keys()];
  }

  partition(groups: Map<string, number> | null): void {
    this.groups = groups;
  }

  get partitioned(): boolean {
    return this.groups !== null;
  }

  blocked(from: string, to: string): boolean {
    if (!this.groups) return false;
    const a = this.groups.get(from) ?? -1;
    const b = this.groups.get(to) ?? -1;
    return a >= 0 && b >= 0 && a !== b;
  }

  broadcast(from: string, m: Message): void {
    for (const to of this.nodes.keys()) if (to !== from) this.send(from, to, m);
  }

  send(from: string, to: string, m: Message): void {
    this.sent++;
    if (this.blocked(from, to) || this.rng.chance(this.faults.dropPerMille)) {
      this.dropped++;
      return;
    }
    this.schedule(from, to, m);
    if (this.rng.chance(this.faults.dupPerMille)) this.schedule(from, to, m);
  }

  private schedule(from: string, to: string, m: Message): void {
    const f = this.faults;
    let d = this.rng.range(f.minDelayMs, f.maxDelayMs);
    if (this.rng.chance(f.tailPerMille)) d += this.rng.range(0, f.tailMaxMs);
    const deliver = this.nodes.get(to);
    if (deliver) this.clock.after(d, () => deliver(from, m));
  }
}
