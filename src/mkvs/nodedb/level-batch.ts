/**
 * Puts into a classic-level chained batch without abstract-level's per-operation wrapper.
 *
 * The public `batch.put` builds an operation object, looks up both encodings and encodes key
 * and value before it calls the implementation's `_put`, which hands the bytes to the native
 * batch. For a commit of thousands of nodes whose keys and values are already byte views, that
 * wrapper is pure overhead (about 0.1 µs and 65 bytes of garbage per node). `_put` is the
 * implementer's hook that abstract-level documents for chained batches, but it is an internal
 * of the installed versions: {@link fastPutter} uses it only when the batch is exactly the kind
 * it was tested with, and `test/mkvs/level-batch.test.ts` pins those versions, so an upgrade
 * fails a test instead of silently changing how commits are written.
 */
import type { ClassicLevel } from 'classic-level';

/** The package versions whose batch internals {@link fastPutter} relies on. */
export const FAST_PUT_TESTED = { 'classic-level': '3.0.0', 'abstract-level': '3.1.1' } as const;

/** A put into one batch. */
export type BatchPut = (key: Uint8Array, value: Uint8Array) => void;

type ViewDb = ClassicLevel<Uint8Array, Uint8Array>;
type ViewBatch = ReturnType<ViewDb['batch']>;
interface Internal {
  _put?: (key: Uint8Array, value: Uint8Array) => void;
}
/** The hook flag abstract-level keeps (true while no prewrite function is registered). */
interface HookFlag {
  noop?: boolean;
}

/**
 * A put for `batch` (a fresh chained batch of `db`). The implementation's `_put` is used when
 * nothing the wrapper does could matter: both encodings are the identity on byte views, no
 * prewrite hook and no `write` listener is registered, and the batch class overrides `_put`
 * (so it is classic-level's, not abstract-level's no-op default). Otherwise the public `put`.
 *
 * The wrapper also counts operations, and a batch it counted none for is closed rather than
 * written: callers must put at least one entry through `batch.put` before `write` (the node
 * database puts its root record that way).
 */
export function fastPutter(db: ViewDb, batch: ViewBatch): BatchPut {
  const impl = (batch as unknown as Internal)._put;
  const proto = Object.getPrototypeOf(batch) as Internal;
  const ok =
    typeof impl === 'function' &&
    Object.hasOwn(proto, '_put') &&
    db.keyEncoding().format === 'view' &&
    db.valueEncoding().format === 'view' &&
    db.keyEncoding().name === 'view' &&
    db.valueEncoding().name === 'view' &&
    (db.hooks.prewrite as HookFlag).noop === true &&
    db.listenerCount('write') === 0;
  if (!ok) return (k, v) => void batch.put(k, v);
  return impl.bind(batch);
}
