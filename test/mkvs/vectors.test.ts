// MKVS against the Oasis vectors: roots, lookups, seeks (§2.4), key bit operations (§1.2),
// SyncGet proofs byte for byte and their verification, and the §2.2 tamper cases.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeWith,
  encodeWith,
  fromBase64,
  fromHex,
  toBase64,
  toHex,
  utf8,
} from '../../src/common/index.js';
import {
  buildGetProof,
  commonPrefixLen,
  encodeDepth,
  MkvsError,
  merge,
  type Proof,
  proofCodec,
  split,
  Tree,
  verifyProof,
} from '../../src/mkvs/index.js';
import { readVectors } from '../helpers/paths.js';

interface Op {
  op: 'insert' | 'remove';
  key_hex: string;
  value_hex: string | null;
}
interface Case {
  name: string;
  ops: Op[];
  expected_root_hex: string;
  get_checks?: { key_hex: string; value_hex: string | null }[];
  iterator_checks?: {
    iterator_seek_key_hex: string;
    expected_key_hex: string | null;
    expected_value_hex: string | null;
  }[];
}

async function build(ops: Op[]): Promise<Tree> {
  const t = new Tree();
  for (const o of ops) {
    if (o.op === 'insert')
      await t.insert(fromHex(o.key_hex), o.value_hex === null ? null : fromHex(o.value_hex));
    else await t.remove(fromHex(o.key_hex));
  }
  return t;
}

test('§2.4 every mkvs-roots.json case gives its root, lookups and seeks', async () => {
  const cases = readVectors<Case[]>('mkvs-roots.json');
  assert.ok(cases.length >= 11);
  for (const c of cases) {
    const t = await build(c.ops);
    assert.equal(toHex(t.rootHash()), c.expected_root_hex, c.name);
    for (const g of c.get_checks ?? []) {
      const v = await t.get(fromHex(g.key_hex));
      assert.equal(v === null ? null : toHex(v), g.value_hex, `${c.name} get ${g.key_hex}`);
    }
    for (const s of c.iterator_checks ?? []) {
      const it = t.iterator();
      await it.seek(fromHex(s.iterator_seek_key_hex));
      assert.equal(it.valid ? toHex(it.key!) : null, s.expected_key_hex, `${c.name} seek`);
      assert.equal(it.valid ? toHex(it.value!) : null, s.expected_value_hex, `${c.name} seek value`);
    }
    // Committing gives the same root as hashing.
    assert.equal(toHex(await t.commit(new Uint8Array(32), 1n)), c.expected_root_hex);
  }
});

interface KeyOp {
  fn: string;
  key?: string;
  key_bits?: number;
  split_bit?: number;
  other?: string;
  other_bits?: number;
  a?: string;
  a_bits?: number;
  b?: string;
  b_bits?: number;
  bit?: number;
  depth?: number;
  want?: string | number;
  want_prefix?: string;
  want_suffix?: string;
}

test('§1.2 key bit operations: split, merge, common prefix, append bit, depth encoding', async () => {
  const { appendBit } = await import('../../src/mkvs/index.js');
  const cases = readVectors<{ key_ops: { cases: KeyOp[] } }>('oasis-formats.json').key_ops.cases;
  for (const c of cases) {
    if (c.fn === 'split') {
      const [p, s] = split(fromHex(c.key!), c.split_bit!, c.key_bits!);
      assert.equal(toHex(p), c.want_prefix);
      assert.equal(toHex(s), c.want_suffix);
    } else if (c.fn === 'merge') {
      assert.equal(toHex(merge(fromHex(c.key!), c.key_bits!, fromHex(c.other!), c.other_bits!)), c.want);
    } else if (c.fn === 'common_prefix_len') {
      assert.equal(commonPrefixLen(fromHex(c.a!), c.a_bits!, fromHex(c.b!), c.b_bits!), c.want);
    } else if (c.fn === 'append_bit') {
      assert.equal(toHex(appendBit(fromHex(c.key!), c.key_bits!, c.bit!)), c.want);
    } else if (c.fn === 'depth_le16') {
      assert.equal(toHex(encodeDepth(c.depth!)), c.want);
    } else assert.fail(`unknown key op ${c.fn}`);
  }
});

interface ProofCase {
  tree: string;
  root_hex: string;
  proof_version: 0 | 1;
  key_utf8: string;
  proof_cbor_base64: string;
}

async function keyTree(n: number): Promise<Tree> {
  const t = new Tree();
  for (let i = 0; i < n; i++) await t.insert(utf8(`key ${i}`), utf8(`value ${i}`));
  return t;
}

test('§1.10 SyncGet proofs are reproduced byte for byte and verify', async () => {
  const cases = readVectors<{ sync_get_proofs: { cases: ProofCase[] } }>('oasis-formats.json').sync_get_proofs
    .cases;
  assert.ok(cases.length >= 10);
  for (const c of cases) {
    const n = c.tree.includes('11') ? 11 : 10;
    const t = await keyTree(n);
    assert.equal(toHex(t.rootHash()), c.root_hex, c.tree);
    const proof = await buildGetProof(t, utf8(c.key_utf8), c.proof_version);
    assert.equal(
      toBase64(encodeWith(proofCodec, proof)),
      c.proof_cbor_base64,
      `${c.tree} ${c.key_utf8} v${c.proof_version}`,
    );
    const decoded = decodeWith(proofCodec, fromBase64(c.proof_cbor_base64));
    assert.ok(verifyProof(fromHex(c.root_hex), decoded));
  }
});

function tamper(p: Proof, f: (p: Proof) => void): Proof {
  const q: Proof = {
    v: p.v,
    untrusted_root: p.untrusted_root,
    entries: p.entries.map((e) => (e ? new Uint8Array(e) : null)),
  };
  f(q);
  return q;
}

function rejects(root: Uint8Array, p: Proof, code?: number): void {
  assert.throws(
    () => verifyProof(root, p),
    (e: unknown) => e instanceof MkvsError && (code === undefined || e.code === code),
  );
}

test('§2.2 tamper cases all fail verification with a coded error', async () => {
  for (const version of [0, 1] as const) {
    const t = await keyTree(11);
    const root = t.rootHash();
    const good = await buildGetProof(t, utf8('key 5'), version);
    assert.ok(verifyProof(root, good));
    rejects(new Uint8Array(32).fill(1), good, MkvsError.PROOF_ROOT_MISMATCH);
    const hashIdx = good.entries.findIndex((e) => e !== null && e[0] === 2);
    const fullIdx = good.entries.findIndex((e) => e !== null && e[0] === 1);
    rejects(
      root,
      tamper(good, (q) => (q.entries[hashIdx]![10] = 0)),
      MkvsError.PROOF_ROOT_MISMATCH,
    );
    rejects(
      root,
      tamper(good, (q) => (q.entries[fullIdx] = q.entries[fullIdx]!.subarray(0, 3))),
    );
    rejects(
      root,
      tamper(good, (q) => (q.entries[hashIdx] = q.entries[hashIdx]!.subarray(0, 20))),
      MkvsError.PROOF_INVALID,
    );
    rejects(
      root,
      tamper(good, (q) => (q.entries[fullIdx]![0] = 0xaa)),
      MkvsError.PROOF_INVALID,
    );
    rejects(
      root,
      tamper(good, (q) => (q.entries = q.entries.slice(0, 3))),
    );
    rejects(
      root,
      tamper(good, (q) => q.entries.push(q.entries[0]!)),
      MkvsError.PROOF_UNUSED_ENTRIES,
    );
    rejects(
      root,
      tamper(good, (q) => (q.entries = [])),
      MkvsError.PROOF_INVALID,
    );
    rejects(
      root,
      tamper(good, (q) => (q.v = 2)),
      MkvsError.PROOF_VERSION,
    );
    if (version === 1) {
      // A leaf entry replaced by a raw 32-byte hash (no type byte).
      const leafIdx = good.entries.findIndex((e) => e !== null && e[0] === 1 && e[1] === 0);
      rejects(
        root,
        tamper(good, (q) => (q.entries[leafIdx] = root.slice())),
      );
    }
  }
});

test('§1.10 proof_misc cases verify and appending a duplicate entry fails', async () => {
  const cases = readVectors<{
    proof_misc: { cases: { name: string; root_hex: string; proof_cbor_base64: string }[] };
  }>('oasis-formats.json').proof_misc.cases;
  for (const c of cases) {
    const p = decodeWith(proofCodec, fromBase64(c.proof_cbor_base64));
    verifyProof(fromHex(c.root_hex), p);
    rejects(
      fromHex(c.root_hex),
      tamper(p, (q) => q.entries.push(q.entries[0]!)),
      MkvsError.PROOF_UNUSED_ENTRIES,
    );
  }
});

test('§1.10 a proof nested deeper than 128 levels is refused', () => {
  const entries: Uint8Array[] = [];
  // 200 nested internal nodes with 1-bit labels, each followed by its (left) child.
  for (let i = 0; i < 200; i++) entries.push(fromHex('0101000002'));
  rejects(
    new Uint8Array(32),
    { v: 0, untrusted_root: new Uint8Array(32), entries },
    MkvsError.PROOF_TOO_DEEP,
  );
});
