/**
 * Checkpoints a node offers for state sync: at every height that is a multiple of the interval,
 * once both domains executed it, the node keeps the whole resume state of that height: the app's
 * resume record and the driver's consensus state (both just saved for this height), the two
 * trees at the record's roots (the node databases keep every committed root: nothing prunes them)
 * and the preimages of both domain hashes, which let a joining node check the roots against the
 * hashes consensus committed to. Only the newest `keep` checkpoints are offered. A checkpoint is
 * made when the UED finishes its height while the VED still stands there (always so with the
 * inline UED; with the UED worker, heights the VED already left are skipped).
 */
import { bytesEqual, type Logger, nullLogger } from '../common/index.js';
import { decodeState } from '../consensus/bft/index.js';
import { type DomainId, domainHash, receiptsRoot } from '../consensus/index.js';
import { type AppRecord, decodeAppRecord, type ExecutedEvent } from '../domains/index.js';
import { chunkStarts, type NodeDB, Tree } from '../mkvs/index.js';
import {
  type CheckpointOffer,
  type CheckpointRecord,
  type HashPreimage,
  recordHash,
} from './state-sync-wire.js';

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
  readonly log?: Logger;
}

interface Seen {
  height: bigint;
  hash: Uint8Array;
  receipts: ExecutedEvent['receipts'];
  parent?: Uint8Array;
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
    const trees = {
      ved: new Tree({ db: this.o.dbs.ved, rootHash: app.vedRoot }),
      ued: new Tree({ db: this.o.dbs.ued, rootHash: app.ued.root }),
    };
    const starts = { ved: await chunkStarts(trees.ved), ued: await chunkStarts(trees.ued) };
    const record: CheckpointRecord = {
      app_record: appBytes,
      consensus_state: stateBytes,
      ved: vedPre,
      ued: uedPre,
    };
    const offer: CheckpointOffer = {
      height: h,
      ved_root: app.vedRoot,
      ued_root: app.ued.root,
      ved_chunks: starts.ved.length,
      ued_chunks: starts.ued.length,
      record_hash: recordHash(record),
    };
    this.kept.unshift({ offer, record, trees, starts });
    this.kept.splice(this.o.keep ?? 2);
    this.log.info({ height: String(h), chunks: starts.ved.length + starts.ued.length }, 'checkpoint made');
  }
}

/**
 * The preimage of a domain's hash at the checkpoint: its parent hash and receipts root are known
 * from the executed events; the VED set hash is that of the epoch's set or of the last start's,
 * whichever the hash was made with.
 */
async function preimage(
  domain: DomainId,
  app: AppRecord,
  seen: Seen,
  stateRoot: Uint8Array,
  want: Uint8Array,
): Promise<HashPreimage | undefined> {
  const receipts = await receiptsRoot(seen.receipts);
  const sets = [app.carry.vedSet, app.carry.lastStart?.vedSet].filter((s) => s !== undefined);
  for (const s of sets) {
    const parts = {
      domain,
      height: seen.height,
      parentHash: seen.parent!,
      stateRoot,
      receiptsRoot: receipts,
    };
    const vedSetHash = s.hash();
    if (bytesEqual(domainHash({ ...parts, vedSetHash }), want)) {
      return { parent_hash: seen.parent!, receipts_root: receipts, ved_set_hash: vedSetHash };
    }
  }
  return undefined;
}
