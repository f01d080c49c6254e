/**
 * Keeps this node connected to a static list of bootstrap peers: each is dialed at start, and
 * again after a failed dial or a disconnect, with exponential backoff (base, 2·base, 4·base, …,
 * capped at max). Every address must end in `/p2p/<peer id>` so a disconnect can be matched to it.
 */
import { P2pError } from './errors.js';

/** Backoff of redials, in milliseconds. */
export interface RedialConfig {
  baseMs: number;
  maxMs: number;
}

/** Default backoff: half a second, doubling up to thirty seconds. */
export const DEFAULT_REDIAL: RedialConfig = { baseMs: 500, maxMs: 30_000 };

interface Target {
  addr: string;
  failures: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** The peer id at the end of a bootstrap multiaddr. */
export function peerOfAddr(addr: string): string {
  const m = /\/p2p\/([1-9A-HJ-NP-Za-km-z]+)$/.exec(addr);
  if (!m)
    throw new P2pError(P2pError.INVALID_CONFIG, 'bootstrap address must end in /p2p/<peer id>', { addr });
  return m[1]!;
}

/** Dials and redials the bootstrap peers. */
export class Redialer {
  private readonly targets = new Map<string, Target>();
  private stopped = true;

  constructor(
    addrs: readonly string[],
    private readonly dial: (addr: string) => Promise<void>,
    private readonly connected: (peer: string) => boolean,
    private readonly cfg: RedialConfig = DEFAULT_REDIAL,
  ) {
    for (const addr of addrs) this.targets.set(peerOfAddr(addr), { addr, failures: 0, timer: undefined });
  }

  start(): void {
    this.stopped = false;
    for (const peer of this.targets.keys()) this.schedule(peer, 0);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.targets.values()) {
      clearTimeout(t.timer);
      t.timer = undefined;
    }
  }

  /** A peer disconnected; if it is a bootstrap peer, dial it again. */
  disconnected(peer: string): void {
    const t = this.targets.get(peer);
    if (t !== undefined) this.schedule(peer, this.cfg.baseMs);
  }

  private schedule(peer: string, ms: number): void {
    const t = this.targets.get(peer)!;
    if (this.stopped || t.timer !== undefined) return;
    t.timer = setTimeout(() => {
      t.timer = undefined;
      void this.attempt(peer, t);
    }, ms);
  }

  private async attempt(peer: string, t: Target): Promise<void> {
    if (this.stopped || this.connected(peer)) return;
    try {
      await this.dial(t.addr);
      t.failures = 0;
    } catch {
      t.failures = Math.min(t.failures + 1, 30);
      this.schedule(peer, Math.min(this.cfg.maxMs, this.cfg.baseMs * 2 ** t.failures));
    }
  }
}
