/**
 * Commitment verification (spec/oasis.md §3.3), in Oasis's order: signature, basic validation,
 * based on the latest block, then per kind: a failure may not come from the scheduler itself; a
 * result needs a valid RAK signature on TEE runtimes, and its messages must fit the scheduler
 * rules (≤ max_messages and matching messages_hash from the scheduler, none from anyone else).
 */
import { bytesEqual, encodeWith, verify } from '../../../../common/index.js';
import {
  type BlockHeader,
  computeResultsHeaderCodec,
  computeResultsHeaderContext,
  type ExecutorCommitment,
  isFailure,
  isParentOf,
  messagesHash,
  RoothashError,
  validateBasic,
  verifyExecutorCommitment,
} from '../../api/index.js';
import type { PoolConfig } from './types.js';

/** Verify a commitment against the latest block; throws a coded RoothashError. */
export function verifyCommitment(cfg: PoolConfig, latest: BlockHeader, c: ExecutorCommitment): void {
  if (!verifyExecutorCommitment(c, cfg.runtimeId, cfg.chainContext)) {
    fail(RoothashError.INVALID_SIGNATURE, 'executor commitment signature does not verify');
  }
  validateBasic(c);
  if (!isParentOf(c.header.header, latest)) {
    fail(RoothashError.NOT_BASED_ON_CORRECT_BLOCK, 'commitment is not based on the latest block');
  }
  const fromScheduler = bytesEqual(c.node_id, c.header.scheduler_id);
  if (isFailure(c)) {
    if (fromScheduler)
      fail(RoothashError.SCHEDULER_INDICATES_FAILURE, 'the scheduler may not indicate failure');
    return;
  }
  if (cfg.rakOf) checkRak(cfg, c);
  if (fromScheduler) {
    if (c.messages.length > cfg.executor.max_messages) {
      fail(
        RoothashError.INVALID_MESSAGES,
        `${c.messages.length} messages, at most ${cfg.executor.max_messages}`,
      );
    }
    if (!bytesEqual(messagesHash(c.messages), c.header.header.messages_hash!)) {
      fail(RoothashError.INVALID_MESSAGES, 'messages do not match messages_hash');
    }
  } else if (c.messages.length > 0) {
    fail(RoothashError.INVALID_MESSAGES, 'only the scheduler may send messages');
  }
}

function checkRak(cfg: PoolConfig, c: ExecutorCommitment): void {
  const rak = cfg.rakOf?.(c.node_id);
  const sig = c.header.rak_sig;
  const body = encodeWith(computeResultsHeaderCodec, c.header.header);
  if (!rak || !sig || !verify(rak, computeResultsHeaderContext(), body, sig)) {
    fail(RoothashError.RAK_SIG_INVALID, 'RAK signature missing or invalid');
  }
}

function fail(code: number, msg: string): never {
  throw new RoothashError(code, msg);
}
