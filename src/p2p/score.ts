/**
 * Tandem's own peer score, kept beside gossipsub's (which only sees gossip). Every offence costs
 * points: a rejected gossip message, a malformed frame, an oversized frame. The score recovers by
 * `recoverPerSec` points per second without offences, never above 0. At or below `banBelow` the peer
 * is banned for `banMs`: disconnected and refused. State is bounded: at most `maxPeers` scores
 * (when full, the least-penalized entry is dropped) and `maxBans` bans (the earliest to expire
 * is dropped).
 */

/** What a peer did wrong. */
export type Offence = 'reject' | 'malformed' | 'oversized';

/** Score parameters (integers; the score is not part of any consensus state). */
export interface ScoreConfig {
  penalties: Record<Offence, number>;
  recoverPerSec: number;
  banBelow: number;
  banMs: number;
  maxPeers: number;
  maxBans: number;
}

/** Defaults: ten rejects, four malformed or two oversized frames in quick succession ban a peer. */
export const DEFAULT_SCORE: ScoreConfig = {
  penalties: { reject: 10, malformed: 25, oversized: 50 },
  recoverPerSec: 1,
  banBelow: -100,
  banMs: 10 * 60_000,
  maxPeers: 4096,
  maxBans: 4096,
};

interface Entry {
  score: number;
  at: number;
}

/** Per-peer scores and bans. `now` is injected (milliseconds) so tests control time. */
export class PeerScores {
  private readonly scores = new Map<string, Entry>();
  private readonly bans = new Map<string, number>();
  readonly config: ScoreConfig;

  constructor(
    config: Partial<ScoreConfig> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.config = { ...DEFAULT_SCORE, ...config };
  }

  /** The peer's current score (0 for an unknown peer). */
  score(peer: string): number {
    const e = this.scores.get(peer);
    return e === undefined ? 0 : this.recovered(e);
  }

  private recovered(e: Entry): number {
    const gain = Math.floor(((this.now() - e.at) * this.config.recoverPerSec) / 1000);
    return Math.min(0, e.score + gain);
  }

  /** Count an offence. Returns true when it bans the peer (the caller disconnects it). */
  penalize(peer: string, offence: Offence): boolean {
    const e = this.scores.get(peer);
    const score = (e === undefined ? 0 : this.recovered(e)) - this.config.penalties[offence];
    if (e === undefined) this.makeRoom();
    this.scores.set(peer, { score, at: this.now() });
    if (score > this.config.banBelow) return false;
    this.ban(peer);
    return true;
  }

  /** True while the peer is banned. */
  banned(peer: string): boolean {
    const until = this.bans.get(peer);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.bans.delete(peer);
    return false;
  }

  /** Number of tracked scores and bans (tests check the bounds). */
  get size(): { scores: number; bans: number } {
    return { scores: this.scores.size, bans: this.bans.size };
  }

  private ban(peer: string): void {
    this.scores.delete(peer);
    if (!this.bans.has(peer) && this.bans.size >= this.config.maxBans) {
      let first: string | undefined;
      let min = Number.POSITIVE_INFINITY;
      for (const [p, until] of this.bans) if (until < min) [first, min] = [p, until];
      if (first !== undefined) this.bans.delete(first);
    }
    this.bans.set(peer, this.now() + this.config.banMs);
  }

  private makeRoom(): void {
    if (this.scores.size < this.config.maxPeers) return;
    let best: string | undefined;
    let max = Number.NEGATIVE_INFINITY;
    for (const [p, e] of this.scores) {
      const s = this.recovered(e);
      if (s > max) [best, max] = [p, s];
    }
    if (best !== undefined) this.scores.delete(best);
  }
}
