/**
 * The BFT driver's {@link Transport} over a {@link Network}: `broadcast` publishes on the chain's
 * consensus topic (proposals and votes), `send` is a one-way request on the chain's direct BFT
 * protocol (block-sync requests and responses), acknowledged by an empty frame. Incoming bytes are
 * decoded with the strict BFT codec: undecodable gossip is rejected (and scored), undecodable
 * direct frames are refused as malformed. Signatures are checked later by the driver.
 *
 * A gossip payload is an 8-byte publish sequence followed by the message. Gossip message ids are
 * hashes of the data (messages carry no libp2p signature), and a validator broadcasts its current
 * proposal and votes again on purpose (after losses, after a restart): the sequence makes each
 * broadcast its own gossip message instead of a duplicate the mesh would drop. It starts at a
 * random value, so a restarted node does not repeat the ids it used before.
 *
 * The topic is direct (push.ts): a message broadcast for the first time goes once to each directly
 * connected peer and is not forwarded, which in a full mesh of validators is all it needs. A
 * message broadcast again (the driver re-sends a height's own messages while the height stands
 * still) is gossiped instead, so it is relayed to peers that are not directly connected: such a
 * network still progresses, a re-send interval per stalled step.
 */
import { createHash, randomBytes } from 'node:crypto';

import { type Logger, nullLogger } from '../common/index.js';
import {
  decodeMessage as decodeBft,
  encodeMessage,
  MAX_MESSAGE_BYTES,
  type Message,
  type Transport,
} from '../consensus/bft/index.js';
import { P2pError } from './errors.js';
import type { Network, Verdict } from './network.js';
import { bftDirectProtocol, consensusTopic } from './topics.js';

/** Bytes of the publish sequence before each gossiped message. */
const SEQ_BYTES = 8;
/** Own messages remembered to tell a re-send from a first broadcast (a height has a handful). */
const SENT_MEMORY = 256;

/** Receives decoded messages (the driver's `receive`). */
export type BftReceiver = (from: string, m: Message) => void | Promise<void>;

/** Options of the adapter. */
export interface BftTransportOptions {
  /** How long a direct send may wait for its acknowledgement (default 10 s). */
  sendTimeoutMs?: number;
  /** Relay pushed messages by gossip (full nodes: see `TopicOptions.relay`). */
  relay?: boolean;
  log?: Logger;
}

function decodeOrUndefined(data: Uint8Array): Message | undefined {
  try {
    return decodeBft(data);
  } catch {
    return undefined;
  }
}

/** Adapts a network to the BFT driver; call {@link BftTransport.attach} once the driver exists. */
export class BftTransport implements Transport<Message> {
  readonly topic: string;
  readonly protocol: string;
  private readonly log: Logger;
  private seq = new DataView(randomBytes(SEQ_BYTES).buffer).getBigUint64(0);
  private sent = new Set<string>();

  constructor(
    private readonly net: Network,
    chainId: string,
    private readonly o: BftTransportOptions = {},
  ) {
    this.topic = consensusTopic(chainId);
    this.protocol = bftDirectProtocol(chainId);
    this.log = (o.log ?? nullLogger).child({ module: 'p2p-bft' });
  }

  /** Subscribe to the consensus topic and serve the direct protocol, delivering to `receive`. */
  async attach(receive: BftReceiver): Promise<void> {
    const deliver = (from: string, m: Message) => {
      Promise.resolve(receive(from, m)).catch((e: unknown) =>
        this.log.warn({ reason: (e as Error).message }, 'driver failed on a message'),
      );
    };
    this.net.subscribe(
      this.topic,
      (from, data): Verdict => {
        const m = data.length > SEQ_BYTES ? decodeOrUndefined(data.subarray(SEQ_BYTES)) : undefined;
        // Block sync travels only on the direct protocol; on the topic it is an abuse.
        if (m === undefined || !('proposal' in m || 'vote' in m)) return 'reject';
        deliver(from, m);
        return 'accept';
      },
      {
        access: 'registered',
        maxBytes: MAX_MESSAGE_BYTES + SEQ_BYTES,
        direct: true,
        relay: this.o.relay ?? false,
      },
    );
    await this.net.handle(
      this.protocol,
      async (from, data) => {
        const m = decodeOrUndefined(data);
        if (m === undefined) throw new P2pError(P2pError.MALFORMED, 'undecodable BFT message');
        deliver(from, m);
        return new Uint8Array(0);
      },
      { access: 'registered', maxRequestBytes: MAX_MESSAGE_BYTES },
    );
  }

  broadcast(m: Message): void {
    const body = encodeMessage(m);
    const data = new Uint8Array(SEQ_BYTES + body.length);
    new DataView(data.buffer).setBigUint64(0, this.seq);
    this.seq = BigInt.asUintN(64, this.seq + 1n);
    data.set(body, SEQ_BYTES);
    this.net.publish(this.topic, data, { gossip: this.sentBefore(body) }).catch((e: unknown) => {
      this.log.debug({ reason: (e as Error).message }, 'broadcast failed');
    });
  }

  /** True when `body` was broadcast before (remembering it now). */
  private sentBefore(body: Uint8Array): boolean {
    const id = createHash('sha256').update(body).digest('base64');
    if (this.sent.has(id)) return true;
    if (this.sent.size >= SENT_MEMORY) this.sent = new Set();
    this.sent.add(id);
    return false;
  }

  send(peer: string, m: Message): void {
    const timeout = this.o.sendTimeoutMs ?? 10_000;
    this.net
      .request(peer, this.protocol, encodeMessage(m), timeout, { maxResponseBytes: 0 })
      .catch((e: unknown) => {
        this.log.debug({ peer, reason: (e as Error).message }, 'direct send failed');
      });
  }
}
