// The Python runtime's MKVS proof verifier (examples/runtimes/py-counter/proof.py) against
// proofs src/mkvs builds for a tree with shared prefixes, keys ending at internal nodes and the
// empty key: every lookup agrees with the TypeScript tree, in both proof versions, and tampered
// proofs are refused.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { encodeWith, fromHex, toHex, utf8 } from '../../src/common/index.js';
import { LocalReadSyncer, type Proof, proofCodec, Tree } from '../../src/mkvs/index.js';
import { childEnv, PY_SRC, PYTHON } from './pyrt-helpers.js';

interface Case {
  proof: string;
  key: string;
}
type Outcome = { value: string | null } | { error: string };

function runPython(root: Uint8Array, cases: Case[]): Outcome[] {
  const script = [
    'import json, sys',
    `sys.path.insert(0, ${JSON.stringify(PY_SRC)})`,
    'import proof, tcbor',
    'd = json.load(sys.stdin)',
    "root = bytes.fromhex(d['root'])",
    'out = []',
    "for c in d['cases']:",
    '    try:',
    "        t = proof.verify(tcbor.decode(bytes.fromhex(c['proof'])), root)",
    "        v = proof.lookup(t, bytes.fromhex(c['key']))",
    "        out.append({'value': None if v is None else v.hex()})",
    '    except (proof.ProofError, tcbor.CborError) as e:',
    "        out.append({'error': str(e)})",
    'print(json.dumps(out))',
  ].join('\n');
  const r = spawnSync(PYTHON, ['-B', '-c', script], {
    input: JSON.stringify({ root: toHex(root), cases }),
    env: childEnv(),
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Outcome[];
}

async function fixture() {
  const tree = new Tree();
  for (let i = 0; i < 40; i++) await tree.insert(utf8(`key ${i}`), utf8(`value ${i}`));
  for (const k of ['counter', 'count', 'counter2', '', 'c']) await tree.insert(utf8(k), utf8(`v:${k}`));
  const ns = new Uint8Array(32);
  await tree.commit(ns, 1n);
  const hash = tree.rootHash();
  const syncer = new LocalReadSyncer(async () => tree);
  const prove = async (key: Uint8Array, v: number): Promise<Proof> =>
    (
      await syncer.syncGet({
        tree: { root: { ns, version: 1n, root_type: 1, hash }, position: hash },
        key,
        proof_version: v,
      })
    ).proof;
  return { tree, hash, prove };
}

const hex = (p: Proof) => toHex(encodeWith(proofCodec, p));

test('py-counter proof.py verifies src/mkvs SyncGet proofs (v0 and v1) and finds what the tree holds', async () => {
  const { tree, hash, prove } = await fixture();
  const keys = [
    'counter',
    'count',
    'counter2',
    'c',
    '',
    'key 7',
    'key 39',
    'missing',
    'counte',
    'counter22',
    'key',
  ];
  const cases: Case[] = [];
  const want: Outcome[] = [];
  for (const v of [0, 1]) {
    for (const k of keys) {
      cases.push({ proof: hex(await prove(utf8(k), v)), key: toHex(utf8(k)) });
      const value = await tree.get(utf8(k));
      want.push({ value: value === null ? null : toHex(value) });
    }
  }
  assert.deepEqual(runPython(hash, cases), want);
});

test('py-counter proof.py refuses tampered proofs and lookups the proof does not cover', async () => {
  const { hash, prove } = await fixture();
  const key = toHex(utf8('key 7'));
  const good = await prove(utf8('key 7'), 0);
  const other = await prove(utf8('counter'), 1);
  const entry = (i: number) => good.entries[i]!;
  const firstHash = good.entries.findIndex((e) => e !== null && e[0] === 2);
  const edits: [string, Proof][] = [
    ['extra entry (a copy of entry 0)', { ...good, entries: [...good.entries, entry(0)] }],
    ['entries cut short', { ...good, entries: good.entries.slice(0, 3) }],
    [
      'unknown entry type',
      { ...good, entries: [Uint8Array.of(0xaa, ...entry(0).subarray(1)), ...good.entries.slice(1)] },
    ],
    ['full entry truncated', { ...good, entries: [entry(0).subarray(0, 3), ...good.entries.slice(1)] }],
    [
      'hash entry truncated',
      { ...good, entries: good.entries.map((e, i) => (i === firstHash ? e!.subarray(0, 20) : e)) },
    ],
    ['another untrusted root', { ...good, untrusted_root: fromHex('11'.repeat(32)) }],
    ['version 2', { ...good, v: 2 }],
    ['no entries', { ...good, entries: [] }],
  ];
  const cases = edits.map(([, p]) => ({ proof: hex(p), key }));
  // A valid proof for another key summarizes the subtree holding "key 7".
  cases.push({ proof: hex(other), key });
  const out = runPython(hash, cases);
  for (const [i, o] of out.entries()) {
    assert.ok('error' in o, `${edits[i]?.[0] ?? 'lookup outside the proof'}: ${JSON.stringify(o)}`);
  }
  assert.ok(firstHash > 0);
});
