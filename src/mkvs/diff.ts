/**
 * The write log that turns the tree at root A into the tree at root B, found by walking both
 * in key order and skipping nothing but equal entries. Sorted by key.
 */
import { bytesEqual, compareBytes } from '../common/index.js';
import type { NodeDB } from './nodedb/api.js';
import { Tree } from './tree/tree.js';
import type { WriteLog } from './writelog.js';

/** Write log from `rootA` to `rootB`, both committed in `db`. */
export async function diff(db: NodeDB, rootA: Uint8Array, rootB: Uint8Array): Promise<WriteLog> {
  const a = new Tree({ db, rootHash: rootA }).iterator();
  const b = new Tree({ db, rootHash: rootB }).iterator();
  await a.seek(new Uint8Array(0));
  await b.seek(new Uint8Array(0));
  const log: WriteLog = [];
  while (a.valid || b.valid) {
    const c = !a.valid ? 1 : !b.valid ? -1 : compareBytes(a.key!, b.key!);
    if (c < 0) {
      log.push({ key: a.key!, value: null });
      await a.next();
    } else if (c > 0) {
      log.push({ key: b.key!, value: b.value! });
      await b.next();
    } else {
      if (!bytesEqual(a.value!, b.value!)) log.push({ key: b.key!, value: b.value! });
      await a.next();
      await b.next();
    }
  }
  return log;
}
