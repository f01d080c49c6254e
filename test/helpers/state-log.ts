/** What the state-log tests share: a Restorable over the node-database Tree and a reference chain. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toHex } from '../../src/common/index.js';
import { type Restorable, Tree, type WriteLog } from '../../src/mkvs/index.js';

/** A fresh directory for one store. */
export function storeDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'tandem-statelog-')), 'db');
}

/**
 * A Restorable over an in-memory {@link Tree}, counting what the store calls. Each step is
 * committed: a Tree hashed by `rootHash()` and then changed without a commit can keep a stale
 * root (an insert that changes a dirty node in place is taken by its parent as no change).
 */
export class TreeTarget implements Restorable {
  tree = new Tree();
  loads = 0;
  loaded = 0;
  logs = 0;
  private commits = 0n;

  async load(entries: readonly (readonly [Uint8Array, Uint8Array])[]): Promise<void> {
    this.tree = new Tree();
    for (const [k, v] of entries) await this.tree.insert(k, v);
    await this.tree.commit(new Uint8Array(32), this.commits++);
    this.loads++;
    this.loaded = entries.length;
  }

  async applyWriteLog(log: WriteLog): Promise<void> {
    await this.tree.applyWriteLog(log);
    await this.tree.commit(new Uint8Array(32), this.commits++);
    this.logs++;
  }

  rootHash(): Uint8Array {
    return this.tree.rootHash();
  }
}

/** Every entry of `tree`, in key order. */
export async function entriesOf(tree: Tree): Promise<[Uint8Array, Uint8Array][]> {
  const out: [Uint8Array, Uint8Array][] = [];
  const it = tree.iterator();
  for (await it.seek(new Uint8Array(0)); it.valid; await it.next()) out.push([it.key!, it.value!]);
  return out;
}

/** Every entry of `tree` as hex pairs (for deepEqual with readable diffs). */
export async function contentOf(tree: Tree): Promise<string[]> {
  return (await entriesOf(tree)).map(([k, v]) => `${toHex(k)}=${toHex(v)}`);
}

/** One committed version of a {@link Chain}. */
export interface Step {
  version: bigint;
  root: Uint8Array;
  log: WriteLog;
}

/** A reference tree committing versions 0, 1, 2, … and giving each one's root and write log. */
export class Chain {
  readonly tree = new Tree();
  private next = 0n;

  constructor(private readonly ns = new Uint8Array(32)) {}

  /** Apply `changes` (null removes) and commit them as the next version. */
  async step(changes: readonly (readonly [Uint8Array, Uint8Array | null])[]): Promise<Step> {
    for (const [k, v] of changes) {
      if (v === null) await this.tree.remove(k);
      else await this.tree.insert(k, v);
    }
    const version = this.next++;
    const root = await this.tree.commit(this.ns, version);
    return { version, root, log: this.tree.writeLog() };
  }
}

/** An account-like key (~22 bytes) and value (~80 bytes) for entry `i`. */
export function account(i: number, salt = 0): [Uint8Array, Uint8Array] {
  const key = new Uint8Array(22);
  key[0] = 0x61;
  new DataView(key.buffer).setUint32(18, i);
  const value = new Uint8Array(80).fill((i + salt) & 0xff);
  new DataView(value.buffer).setUint32(0, salt);
  return [key, value];
}
