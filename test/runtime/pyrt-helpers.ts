/** The py-counter bundle, requests for it and what the TypeScript side expects it to compute. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  concatBytes,
  EMPTY_HASH,
  encodeCanonical,
  encodeWith,
  hash,
  hashCanonicalList,
  utf8,
} from '../../src/common/index.js';
import { Tree, type WriteLog } from '../../src/mkvs/index.js';
import type { ConsensusInfo } from '../../src/runtime/host/index.js';
import {
  type BlockHeader,
  blockHeaderCodec,
  type ComputeResultsHeader,
  type RuntimeExecuteTxBatchRequest,
} from '../../src/runtime/rhp/index.js';
import { repoRoot } from '../helpers/paths.js';

/** The interpreter the runtime is written for. */
export const PYTHON = '/usr/bin/python3';
/** Source directory of the runtime. */
export const PY_SRC = join(repoRoot, 'examples', 'runtimes', 'py-counter');
/** The version pinned in runtime.py (and so in every manifest the build script writes). */
export const PY_VERSION = { major: 1, minor: 0, patch: 2 };

/** Env for spawned children. */
export function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

/** Builds the bundle into a fresh temp dir with scripts/build-py-bundle.js; returns the dir. */
export function buildPyBundle(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'tandem-pyrt-')), 'bundle');
  const r = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build-py-bundle.js'), '--out', dir], {
    env: childEnv(),
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`build-py-bundle failed: ${r.stderr}`);
  return dir;
}

/** Consensus facts of the handshake. */
export const CONSENSUS: ConsensusInfo = {
  consensus_backend: 'tandem',
  consensus_protocol_version: { major: 1, minor: 0, patch: 0 },
  consensus_chain_context: 'pyrt-test',
};

/** A `{"add": n}` transaction. */
export function addTx(n: bigint): Uint8Array {
  return encodeCanonical({ add: n });
}

/** A normal block header at `round` over `stateRoot`. */
export function blockHeader(round: bigint, stateRoot: Uint8Array = EMPTY_HASH): BlockHeader {
  return {
    version: 0,
    namespace: new Uint8Array(32).fill(7),
    round,
    timestamp: 1_700_000_000n + round,
    header_type: 1,
    previous_hash: hash(utf8(`parent of ${round}`)),
    io_root: EMPTY_HASH,
    state_root: stateRoot,
    messages_hash: EMPTY_HASH,
    in_msgs_hash: EMPTY_HASH,
  };
}

/** An execute request for `inputs` on top of `header`. */
export function executeRequest(header: BlockHeader, inputs: Uint8Array[]): RuntimeExecuteTxBatchRequest {
  return {
    mode: 0,
    consensus_block: { height: 10n + header.round, meta: new Uint8Array(0) },
    round_results: { messages: [], good_compute_entities: [], bad_compute_entities: [] },
    io_root: EMPTY_HASH,
    inputs,
    in_msgs: [],
    block: { header },
    epoch: 3n,
    max_messages: 0,
  };
}

/** What a correct runtime returns for a batch of well-formed, distinct `{add}` inputs. */
export interface Expected {
  header: ComputeResultsHeader;
  ioWriteLog: WriteLog;
  counter: bigint;
}

function u64be(v: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, v, false);
  return b;
}

/** The counter's state key and value. */
export const COUNTER_KEY = utf8('counter');
export { u64be };

/** Computes the batch with src/mkvs: IO tree per spec/oasis.md §1.9, state tree {counter}. */
export async function expectedBatch(
  parent: BlockHeader,
  inputs: readonly { raw: Uint8Array; add: bigint }[],
  before: bigint,
): Promise<Expected> {
  const io = new Tree();
  let counter = before;
  for (const [order, { raw, add }] of inputs.entries()) {
    counter += add;
    const th = hash(raw);
    await io.insert(concatBytes(utf8('T'), th, Uint8Array.of(1)), encodeCanonical([raw, order]));
    await io.insert(
      concatBytes(utf8('T'), th, Uint8Array.of(2)),
      encodeCanonical([encodeCanonical(counter)]),
    );
  }
  const state = new Tree();
  await state.insert(COUNTER_KEY, u64be(counter));
  return {
    header: {
      round: parent.round + 1n,
      previous_hash: hash(encodeWith(blockHeaderCodec, parent)),
      io_root: io.rootHash(),
      state_root: state.rootHash(),
      messages_hash: hashCanonicalList([]),
      in_msgs_hash: hashCanonicalList([]),
      in_msgs_count: 0,
    },
    ioWriteLog: io.pendingWriteLog(),
    counter,
  };
}
