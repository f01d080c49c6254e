/** When to ask a peer for decided blocks: at most once per peer and height, and not too often. */
export class SyncPolicy {
  private readonly last = new Map<string, { height: bigint; at: bigint }>();

  constructor(private readonly minIntervalMs = 200n) {}

  /** True if a sync request to `peer` for blocks from `height` should be sent now. */
  shouldRequest(peer: string, height: bigint, now: bigint): boolean {
    const l = this.last.get(peer);
    if (l && l.height === height && now - l.at < this.minIntervalMs) return false;
    this.last.set(peer, { height, at: now });
    return true;
  }
}
