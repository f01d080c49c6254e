/**
 * CheckTxBatch: admit each input (size, envelope, signature, method, body) and compare its nonce
 * with the sender's next nonce, counting earlier accepted inputs of the same batch, against the
 * state at the request's block. One result per input: an error, or the sender and its sequence.
 */
import { bytesEqual, toHex, toWireError } from '../../common/index.js';
import type { Tree } from '../../mkvs/index.js';
import type { CheckTxResult, RuntimeCheckTxBatchRequest } from '../rhp/index.js';
import { admit, checkNonce, maxTxBytesOf, type RuntimeSession } from './admit.js';
import { BatchVerdicts, inputHashes } from './batch-verdicts.js';
import { SdkError } from './errors.js';
import { readNonce, stateTreeAt } from './state.js';
import type { SignatureVerdict } from './tx.js';

const OK = { module: '', code: 0, message: '' };

/** Check a batch (see the module comment). */
export async function checkBatch(
  s: RuntimeSession,
  req: RuntimeCheckTxBatchRequest,
): Promise<CheckTxResult[]> {
  const header = req.block.header;
  if (!bytesEqual(header.namespace, s.domain.runtimeId)) {
    throw new SdkError(SdkError.INVALID_REQUEST, 'the block belongs to another runtime');
  }
  const tree = stateTreeAt(s.syncer, header, s.cache);
  const next = new Map<string, bigint>();
  const out: CheckTxResult[] = [];
  const hashes = inputHashes(req.inputs, maxTxBytesOf(s));
  const verdicts = BatchVerdicts.start(s.pool, req.inputs, s.domain, maxTxBytesOf(s), s.verified, hashes);
  try {
    for (const [i, input] of req.inputs.entries()) {
      out.push(await checkOne(s, tree, next, input, await verdicts?.at(i), hashes[i]));
    }
  } finally {
    verdicts?.cancel();
  }
  return out;
}

async function checkOne(
  s: RuntimeSession,
  tree: Tree,
  next: Map<string, bigint>,
  input: Uint8Array,
  known?: SignatureVerdict,
  txHash?: Uint8Array,
): Promise<CheckTxResult> {
  try {
    const tx = admit(s, input, known, txHash);
    const k = toHex(tx.sender);
    const stateSeq = await readNonce(tree, tx.sender);
    checkNonce(tx, next.get(k) ?? stateSeq);
    next.set(k, tx.tx.nonce + 1n);
    return {
      error: OK,
      meta: { priority: 0n, sender: tx.sender, sender_seq: tx.tx.nonce, sender_state_seq: stateSeq },
    };
  } catch (e) {
    if (!(e instanceof SdkError)) throw e;
    const w = toWireError(e);
    return { error: { ...w, message: w.message.slice(0, 1024) } };
  }
}
