/**
 * ExecuteTxBatch: incoming messages first, then each input in order (admitted → nonce bumped →
 * handler run in an overlay → effects kept on success, discarded on failure). Inputs that fail
 * admission are rejected: listed in `tx_reject_hashes`, absent from the IO tree, no state change.
 * The result is the ComputedBatch of spec/oasis.md §3.2 with the IO tree of §1.9.
 */
import { bytesEqual, encodeWith, hash, hashCanonicalList, toWireError } from '../../common/index.js';
import type { Tree } from '../../mkvs/index.js';
import {
  blockHeaderCodec,
  type IncomingMessage,
  incomingMessageCodec,
  type RuntimeExecuteTxBatchRequest,
  type RuntimeExecuteTxBatchResponse,
} from '../rhp/index.js';
import { admit, checkNonce, maxTxBytesOf, type RuntimeSession } from './admit.js';
import { BatchVerdicts, inputHashes } from './batch-verdicts.js';
import { type BatchBudget, handlerContext, type TxEffects } from './context.js';
import { SdkError } from './errors.js';
import { BLOCK_TAG_HASH, encodeValue, IoTreeBuilder } from './io.js';
import { BatchNonces } from './nonces.js';
import { stateTreeAt } from './state.js';
import type { SignatureVerdict } from './tx.js';

interface Batch {
  readonly s: RuntimeSession;
  readonly tree: Tree;
  readonly nonces: BatchNonces;
  readonly round: bigint;
  readonly io: IoTreeBuilder;
  readonly budget: BatchBudget;
  readonly messages: unknown[];
}

/** Execute one batch on top of the request's block (see the module comment). */
export async function executeBatch(
  s: RuntimeSession,
  req: RuntimeExecuteTxBatchRequest,
): Promise<RuntimeExecuteTxBatchResponse> {
  const header = req.block.header;
  if (!bytesEqual(header.namespace, s.domain.runtimeId)) {
    throw new SdkError(SdkError.INVALID_REQUEST, 'the block belongs to another runtime');
  }
  s.aborted = false;
  const tree = stateTreeAt(s.syncer, header, s.cache);
  const b: Batch = {
    s,
    tree,
    nonces: new BatchNonces(tree),
    round: header.round + 1n,
    io: new IoTreeBuilder(),
    budget: { messagesLeft: req.max_messages },
    messages: [],
  };
  const hashes = inputHashes(req.inputs, maxTxBytesOf(s));
  const verdicts = BatchVerdicts.start(s.pool, req.inputs, s.domain, maxTxBytesOf(s), s.verified, hashes);
  const included: Uint8Array[] = [];
  const rejected: Uint8Array[] = [];
  try {
    for (const m of req.in_msgs) await runIncoming(b, m);
    for (const [i, input] of req.inputs.entries()) {
      if (s.aborted) throw new SdkError(SdkError.ABORTED, 'batch aborted by the host');
      const h = await runInput(b, input, included.length, await verdicts?.at(i), hashes[i]);
      if (h.ok) included.push(h.hash);
      else rejected.push(h.hash);
    }
  } finally {
    verdicts?.cancel();
  }
  return computedBatch(b, req, included, rejected);
}

/** Roots, write logs and the compute results header of a finished batch. */
async function computedBatch(
  b: Batch,
  req: RuntimeExecuteTxBatchRequest,
  included: Uint8Array[],
  rejected: Uint8Array[],
): Promise<RuntimeExecuteTxBatchResponse> {
  await b.nonces.flush();
  const io = await b.io.finish();
  const stateRoot = b.tree.rootHash();
  b.s.cache.addComputed(b.tree.rootPtr());
  const inMsgs = req.in_msgs.map((m, i) => incomingMessageCodec.toCbor(m, `in_msgs[${i}]`));
  return {
    batch: {
      header: {
        round: b.round,
        previous_hash: hash(encodeWith(blockHeaderCodec, req.block.header)),
        io_root: io.root,
        state_root: stateRoot,
        messages_hash: hashCanonicalList(b.messages),
        in_msgs_hash: hashCanonicalList(inMsgs),
        in_msgs_count: req.in_msgs.length,
      },
      io_write_log: io.writeLog,
      state_write_log: b.tree.pendingWriteLog(),
      messages: b.messages,
    },
    tx_hashes: included,
    tx_reject_hashes: rejected,
    tx_input_write_log: [],
  };
}

const OK_NULL = encodeValue({ ok: null });

/** The output of a handler that returned nothing (most do): always the same bytes. */
function okNull(): Uint8Array {
  return new Uint8Array(OK_NULL);
}

/** Run a handler; on success keep its effects (state, events, messages). */
async function runHandler(
  b: Batch,
  sender: Uint8Array,
  f: (ctx: ReturnType<typeof handlerContext>['ctx']) => unknown,
): Promise<{ effects: TxEffects; output: Uint8Array }> {
  const { ctx, effects } = handlerContext(b.tree, sender, b.round, b.s.domain.runtimeId, b.budget);
  try {
    const value = await f(ctx);
    // Encode everything before touching the tree, so a failure here leaves no trace.
    const output = value === undefined || value === null ? okNull() : encodeValue({ ok: value });
    for (const m of effects.messages) encodeValue(m);
    const pending = effects.overlay.commit();
    if (pending !== undefined) await pending;
    b.messages.push(...effects.messages);
    b.budget.messagesLeft -= effects.messages.length;
    return { effects, output };
  } catch (e) {
    const w = toWireError(e);
    effects.tags.length = 0;
    const err = { module: w.module, code: w.code, message: w.message.slice(0, 1024) };
    return { effects, output: encodeValue({ err }) };
  }
}

async function runIncoming(b: Batch, m: IncomingMessage): Promise<void> {
  const onMessage = b.s.def.onMessage;
  if (!onMessage) return;
  const { effects } = await runHandler(b, m.caller, (ctx) => onMessage.call(b.s.def, ctx, m));
  b.io.addTags(BLOCK_TAG_HASH, effects.tags);
}

async function runInput(
  b: Batch,
  input: Uint8Array,
  order: number,
  known?: SignatureVerdict,
  txHash?: Uint8Array,
): Promise<{ ok: boolean; hash: Uint8Array }> {
  let tx: ReturnType<typeof admit>;
  try {
    tx = admit(b.s, input, known, txHash);
    const expected = b.nonces.expected(tx.sender);
    checkNonce(tx, typeof expected === 'bigint' ? expected : await expected);
  } catch (e) {
    if (!(e instanceof SdkError)) throw e;
    return { ok: false, hash: txHash ?? hash(input) };
  }
  b.nonces.bump(tx.sender, tx.tx.nonce);
  const { effects, output } = await runHandler(b, tx.sender, (ctx) => tx.method.handler(ctx, tx.body));
  b.io.addTx(tx.hash, input, order, output, effects.tags);
  return { ok: true, hash: tx.hash };
}
