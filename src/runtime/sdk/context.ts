/**
 * The per-transaction context handed to handlers: an overlay over the batch's state, plus the
 * events and runtime messages the handler produced, kept only if it succeeds.
 */
import type { Tree } from '../../mkvs/index.js';
import type { TxContext } from './define.js';
import { SdkError } from './errors.js';
import { makeTag, type Tag } from './io.js';
import { Overlay } from './state.js';

/** What one handler run produced. */
export interface TxEffects {
  readonly overlay: Overlay;
  readonly tags: Tag[];
  readonly messages: unknown[];
}

/** Limits shared by the handlers of one batch. */
export interface BatchBudget {
  /** Runtime messages still allowed in this round. */
  messagesLeft: number;
}

/** A fresh context for one handler run; `effects` collects what it does. */
export function handlerContext(
  tree: Tree,
  sender: Uint8Array,
  round: bigint,
  runtimeId: Uint8Array,
  budget: BatchBudget,
): { ctx: TxContext; effects: TxEffects } {
  const effects: TxEffects = { overlay: new Overlay(tree), tags: [], messages: [] };
  const ctx: TxContext = {
    sender: new Uint8Array(sender),
    round,
    runtimeId: new Uint8Array(runtimeId),
    state: effects.overlay,
    emit: (tag, value) => void effects.tags.push(makeTag(tag, value)),
    sendMessage: (msg) => {
      if (effects.messages.length >= budget.messagesLeft) {
        throw new SdkError(
          SdkError.TOO_MANY_MESSAGES,
          `at most ${budget.messagesLeft} more messages this round`,
        );
      }
      effects.messages.push(msg);
    },
  };
  return { ctx, effects };
}
