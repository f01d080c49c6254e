/**
 * Checkpoints a node offers for state sync: at every height that is a multiple of the interval,
 * once both domains executed it, the node keeps the whole resume state of that height: the app's
 * resume record and the driver's consensus state (both just saved for this height), the two
 * trees at the record's roots (the node databases keep every committed root: nothing prunes them)
 * and the preimages of both domain hashes, which let a joining node check the roots against the
 * hashes consensus committed to. Only the newest `keep` checkpoints are offered. A checkpoint is
 * made when the UED finishes its height while the VED still stands there (always so with the
 * inline UED; with the UED worker, heights the VED already left are skipped). With a
 * {@link CheckpointFiles} directory the records are kept on disk too, and {@link CheckpointMaker.restore}
 * offers them again after a restart, each checked as when it was made.
 */
import { type Logger, nullLogger } from '../common/index.js';
import { decodeState } from '../consensus/bft/index.js';
import type { DomainId } from '../consensus/index.js';
import { type AppRecord, decodeAppRecord, type ExecutedEvent } from '../domains/index.js';
import { chunkStarts, type NodeDB, Tree } from '../mkvs/index.js';
import type { CheckpointFiles } from './checkpoint-files.js';
import { checkedApp, preimage, type Seen } from './checkpoint-preimage.js';
import { type CheckpointOffer, type CheckpointRecord, recordHash } from './state-sync-wire.js';

/** A checkpoint ready to serve. */
export interface Checkpoint {
  readonly offer: CheckpointOffer;
  readonly record: CheckpointRecord;
  readonly trees: { readonly ved: Tree; readonly ued: Tree };
  /** Start key of each chunk, per tree. */
  readonly starts: { readonly ved: Uint8Array[]; readonly ued: Uint8Array[] };
}

/** Where checkpoints are read from (the serving side). */
export interface CheckpointSource {
  /** The checkpoints offered, newest first. */
  list(): CheckpointOffer[];
  get(height: bigint): Checkpoint | undefined;
}

/** What the maker reads. */
export interface CheckpointMakerOptions {
  readonly interval: bigint;
  /** How many of the newest checkpoints to offer (default 2). */
  readonly keep?: number;
  readonly dbs: { readonly ved: NodeDB; readonly ued: NodeDB };
  /** The app's resume record as last saved. */
  readonly appRecord: () => Uint8Array | undefined;
  /** The driver's consensus state as last saved. */
  readonly consensusState: () => Uint8Array | undefined;
  /** Where the records are kept across restarts (default: in memory only). */
  readonly files?: CheckpointFiles;
  readonly log?: Logger;
}

/** Makes and keeps checkpoints from the app's executed events (see the module header). */
export class CheckpointMaker implements CheckpointSource {
  private readonly seen: Partial<Record<DomainId, Seen>> = {};
  private readonly kept: Checkpoint[] = [];
  private readonly log: Logger;
  /** The checkpoint being built, if any (tests wait on it). */
  building: Promise<void> = Promise.resolve();

  constructor(private readonly o: CheckpointMakerOptions) {
    this.log = (o.log ?? nullLogger).child({ module: 'state-sync' });
  }

  list(): CheckpointOffer[] {
    return this.kept.map((c) => c.offer);
  }

  get(height: bigint): Checkpoint | undefined {
    return this.kept.find((c) => c.offer.height === height);
  }

  /** The app's `onExecuted` hook. */
  onExecuted(e: ExecutedEvent): void {
    const prev = this.seen[e.domain];
    const parent = prev?.height === e.height - 1n ? prev.hash : undefined;
    this.seen[e.domain] = {
      height: e.height,
      hash: e.domainHash,
      receipts: e.receipts,
      ...(parent ? { parent } : {}),
    };
    const ved = this.seen.ved;
    if (e.domain !== 'ued' || e.height === 0n || e.height % this.o.interval !== 0n) return;
    if (parent === undefined || ved?.height !== e.height || ved.parent === undefined) return;
    // Read now: both records are those of this height only until the next commit.
    const app = this.o.appRecord();
    const state = this.o.consensusState();
    if (app === undefined || state === undefined) return;
    const ued = this.seen.ued!;
    this.building = this.make(app, state, ved, ued).catch((err) =>
      this.log.warn({ height: String(e.height), reason: (err as Error).message }, 'no checkpoint made'),
    );
  }

  private async make(appBytes: Uint8Array, stateBytes: Uint8Array, ved: Seen, ued: Seen): Promise<void> {
    const h = ved.height;
    const app = decodeAppRecord(appBytes);
    if (app.height !== h || app.ued.height !== h || decodeState(stateBytes).height !== h) return;
    const vedPre = await preimage('ved', app, ved, app.vedRoot, app.vedHash);
    const uedPre = await preimage('ued', app, ued, app.ued.root, app.ued.hash);
    if (vedPre === undefined || uedPre === undefined) {
      this.log.warn({ height: String(h) }, 'no checkpoint: a domain hash preimage was not found');
      return;
    }
    const record: CheckpointRecord = {
      app_record: appBytes,
      consensus_state: stateBytes,
      ved: vedPre,
      ued: uedPre,
    };
    const c = await this.build(h, app, record);
    const dropped = this.keepNewest([c, ...this.kept]);
    try {
      this.o.files?.save(h, record);
      for (const d of dropped) this.o.files?.remove(d.offer.height);
    } catch (e) {
      this.log.warn({ height: String(h), reason: (e as Error).message }, 'checkpoint not kept on disk');
    }
    this.log.info(
      { height: String(h), chunks: c.starts.ved.length + c.starts.ued.length },
      'checkpoint made',
    );
  }

  /**
   * Offer again the records kept on disk (call once, after the app opened its databases): each
   * must name its height, its preimages must give its domain hashes, and its trees must be
   * readable; a record that fails is logged and skipped, the surplus beyond `keep` removed.
   */
  async restore(): Promise<void> {
    const found: Checkpoint[] = [];
    for (const r of this.o.files?.load() ?? []) {
      if (!('height' in r)) {
        this.log.warn({ file: r.file, reason: r.problem }, 'kept checkpoint file skipped');
        continue;
      }
      try {
        found.push(await this.build(r.height, checkedApp(r.height, r.record), r.record));
      } catch (e) {
        this.log.warn({ height: String(r.height), reason: (e as Error).message }, 'kept checkpoint skipped');
      }
    }
    for (const d of this.keepNewest([...this.kept, ...found])) this.o.files?.remove(d.offer.height);
    if (this.kept.length > 0)
      this.log.info({ heights: this.kept.map((c) => String(c.offer.height)) }, 'checkpoints restored');
  }

  /** Keep the newest `keep` of `all` (one per height); returns the ones let go. */
  private keepNewest(all: Checkpoint[]): Checkpoint[] {
    const byHeight = new Map<bigint, Checkpoint>();
    for (const c of all) if (!byHeight.has(c.offer.height)) byHeight.set(c.offer.height, c);
    const sorted = [...byHeight.values()].sort((a, b) => (a.offer.height > b.offer.height ? -1 : 1));
    this.kept.splice(0, this.kept.length, ...sorted.slice(0, this.o.keep ?? 2));
    return sorted.slice(this.o.keep ?? 2);
  }

  /** The servable checkpoint of a record whose app record is `app`. */
  private async build(h: bigint, app: AppRecord, record: CheckpointRecord): Promise<Checkpoint> {
    const trees = {
      ved: new Tree({ db: this.o.dbs.ved, rootHash: app.vedRoot }),
      ued: new Tree({ db: this.o.dbs.ued, rootHash: app.ued.root }),
    };
    const starts = { ved: await chunkStarts(trees.ved), ued: await chunkStarts(trees.ued) };
    const offer: CheckpointOffer = {
      height: h,
      ved_root: app.vedRoot,
      ued_root: app.ued.root,
      ved_chunks: starts.ved.length,
      ued_chunks: starts.ued.length,
      record_hash: recordHash(record),
    };
    return { offer, record, trees, starts };
  }
}
