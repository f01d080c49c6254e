/**
 * A tree's uncommitted changes by key: each changed key's value at the last commit and now, from
 * which the commit's write log is built. Keys are latin1 strings (one character per byte, far
 * cheaper than hex on every insert), whose order is the byte order (a prefix sorts first).
 */
import { bytesEqual, bytesKey, bytesOfKey } from '../common/index.js';
import { MkvsError } from './errors.js';
import { MAX_KEY_BYTES } from './key.js';
import type { WriteLog } from './writelog.js';

/** A key's change; the key itself is the map's string (its bytes are made again for the log). */
interface Pending {
  base: Uint8Array | null;
  current: Uint8Array | null;
}

/** See the module header. */
export class PendingChanges {
  private readonly byKey = new Map<string, Pending>();

  /** `key` was `old` at the last commit (if this is its first change since) and is `current` now. */
  track(key: Uint8Array, old: Uint8Array | null, current: Uint8Array | null): void {
    const k = bytesKey(key);
    const p = this.byKey.get(k);
    if (p) p.current = current;
    else this.byKey.set(k, { base: old, current });
  }

  /** The changes that differ from the base, sorted by key (fresh key arrays). */
  writeLog(): WriteLog {
    const changed: [string, Pending][] = [];
    for (const e of this.byKey) {
      const p = e[1];
      const same = p.base === null ? p.current === null : p.current !== null && bytesEqual(p.base, p.current);
      if (!same) changed.push(e);
    }
    changed.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    return changed.map(([k, p]) => ({ key: bytesOfKey(k), value: p.current }));
  }
}

/** Refuse what cannot be an MKVS key (not bytes, or longer than {@link MAX_KEY_BYTES}). */
export function checkKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array)) throw new MkvsError(MkvsError.KEY_TOO_LONG, 'key must be bytes');
  if (key.length > MAX_KEY_BYTES) {
    throw new MkvsError(MkvsError.KEY_TOO_LONG, `key of ${key.length} bytes exceeds ${MAX_KEY_BYTES}`);
  }
}
