/**
 * The checks every gossip message passes before and around its handler, in this order: banned
 * forwarder (ignore), size (reject, oversized offence), admission of both the forwarding peer and
 * the origin (the same peer, since messages carry no libp2p signature: ignore, as unregistered
 * peers are not punished for speaking, only not heard), then the
 * handler's verdict, where a reject counts against the forwarding peer. The verdict decides whether
 * gossipsub forwards the message.
 */
import type { Logger } from '../common/index.js';
import { admitted, type PeerAuthorizer } from './admission.js';
import type { GossipHandler, TopicOptions, Verdict } from './network.js';
import { DEFAULT_MAX_MESSAGE_BYTES } from './network.js';
import type { Offence, PeerScores } from './score.js';

/** What the guard needs from its network. */
export interface GuardContext {
  auth: PeerAuthorizer;
  scores: PeerScores;
  /** Count an offence of `peer` (the network bans and disconnects it when the score falls). */
  offend(peer: string, offence: Offence): void;
  log: Logger;
}

/** A validator for one topic: `source` forwarded the message, `origin` published it. */
export type TopicGuard = (source: string, origin: string, data: Uint8Array) => Promise<Verdict>;

/** Wrap `handler` with the admission, size and score checks. */
export function topicGuard(ctx: GuardContext, handler: GossipHandler, opts: TopicOptions = {}): TopicGuard {
  const access = opts.access ?? 'registered';
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  return async (source, origin, data) => {
    if (ctx.scores.banned(source)) return 'ignore';
    if (data.length > maxBytes) {
      ctx.offend(source, 'oversized');
      return 'reject';
    }
    // Unsigned messages name their forwarder as origin: one check then covers both.
    if (!admitted(ctx.auth, source, access)) return 'ignore';
    if (origin !== source && !admitted(ctx.auth, origin, access)) return 'ignore';
    let verdict: Verdict;
    try {
      verdict = await handler(origin, data);
    } catch (e) {
      // A throwing handler is a local bug, not the peer's fault.
      ctx.log.warn({ reason: (e as Error).message }, 'gossip handler failed');
      return 'ignore';
    }
    if (verdict === 'reject') ctx.offend(source, 'reject');
    return verdict;
  };
}
