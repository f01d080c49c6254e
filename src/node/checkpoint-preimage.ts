/**
 * The domain-hash preimages of a checkpoint: found when it is made (from the executed events and
 * the epoch's VED sets) and checked again when a kept record is read back after a restart.
 */
import { bytesEqual } from '../common/index.js';
import { decodeState } from '../consensus/bft/index.js';
import { type DomainId, domainHash, receiptsRoot } from '../consensus/index.js';
import { type AppRecord, decodeAppRecord, type ExecutedEvent } from '../domains/index.js';
import { badRecord } from './checkpoint-files.js';
import type { CheckpointRecord, HashPreimage } from './state-sync-wire.js';

/** What the maker saw of a domain's last executed height. */
export interface Seen {
  height: bigint;
  hash: Uint8Array;
  receipts: ExecutedEvent['receipts'];
  parent?: Uint8Array;
}

/** The app record of a kept record, checked to be of height `h` with preimages giving its hashes. */
export function checkedApp(h: bigint, r: CheckpointRecord): AppRecord {
  const app = decodeAppRecord(r.app_record);
  if (app.height !== h || app.ued.height !== h || decodeState(r.consensus_state).height !== h) {
    throw badRecord(h, 'its records are of another height');
  }
  const gives = (domain: DomainId, pre: HashPreimage, root: Uint8Array, want: Uint8Array) =>
    bytesEqual(
      domainHash({
        domain,
        height: h,
        parentHash: pre.parent_hash,
        stateRoot: root,
        receiptsRoot: pre.receipts_root,
        vedSetHash: pre.ved_set_hash,
      }),
      want,
    );
  if (!gives('ved', r.ved, app.vedRoot, app.vedHash) || !gives('ued', r.ued, app.ued.root, app.ued.hash)) {
    throw badRecord(h, 'its preimages do not give its domain hashes');
  }
  return app;
}

/**
 * The preimage of a domain's hash at the checkpoint: its parent hash and receipts root are known
 * from the executed events; the VED set hash is that of the epoch's set or of the last start's,
 * whichever the hash was made with.
 */
export async function preimage(
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
