/**
 * Block sync as request/response: when the driver asks a peer for decided blocks (a
 * `sync_request` through its transport's `send`), the request goes out on the chain's block-sync
 * protocol and the answer comes back to the driver as a `sync_response`, which it verifies
 * (commit signatures, block checks) before applying. Serving is open to any peer, registered or
 * not, so full nodes can follow: it only reads decided blocks, at most {@link SYNC_BATCH} and
 * {@link MAX_MESSAGE_BYTES} per answer. Everything else goes to the BFT transport unchanged.
 */
import { type Logger, nullLogger } from '../common/index.js';
import {
  type BlockStorePort,
  type Decided,
  decodeMessage,
  encodeMessage,
  MAX_MESSAGE_BYTES,
  type Message,
  readDecided,
  SYNC_BATCH,
  type Transport,
} from '../consensus/bft/index.js';
import { type BftReceiver, blockSyncProtocol, type Network, P2pError } from '../p2p/index.js';

/** Largest block-sync request frame (a CBOR map of two heights). */
const MAX_REQUEST_BYTES = 128;

/** Encode a response, dropping blocks from the end until it fits (one block always goes). */
function encodeBounded(list: Decided[]): Uint8Array {
  let n = list.length;
  for (;;) {
    const bytes = encodeMessage({ sync_response: list.slice(0, n) });
    if (bytes.length <= MAX_MESSAGE_BYTES || n <= 1) return bytes;
    n = Math.max(1, n >> 1);
  }
}

/** Serve decided blocks from `blocks` on the chain's block-sync protocol. */
export async function serveBlockSync(net: Network, chainId: string, blocks: BlockStorePort): Promise<void> {
  await net.handle(
    blockSyncProtocol(chainId),
    async (_from, data) => {
      let m: Message;
      try {
        m = decodeMessage(data);
      } catch {
        throw new P2pError(P2pError.MALFORMED, 'undecodable block-sync request');
      }
      if (!('sync_request' in m)) throw new P2pError(P2pError.MALFORMED, 'not a block-sync request');
      const { from, to } = m.sync_request;
      if (from < 1n || to < from) throw new P2pError(P2pError.MALFORMED, 'bad block-sync range');
      const last = to - from >= BigInt(SYNC_BATCH) ? from + BigInt(SYNC_BATCH) - 1n : to;
      return encodeBounded(await readDecided(blocks, from, last));
    },
    { access: 'open', maxRequestBytes: MAX_REQUEST_BYTES },
  );
}

/** The driver's transport with block-sync requests sent as request/response. */
export class SyncingTransport implements Transport<Message> {
  /** Wall time (ms) of the last block-sync request sent (the node is syncing for a while after). */
  lastSyncAt = 0;
  private readonly log: Logger;

  constructor(
    private readonly inner: Transport<Message>,
    private readonly net: Network,
    private readonly chainId: string,
    private readonly deliver: BftReceiver,
    private readonly timeoutMs: number,
    log: Logger = nullLogger,
  ) {
    this.log = log.child({ module: 'block-sync' });
  }

  broadcast(m: Message): void {
    this.inner.broadcast(m);
  }

  send(peer: string, m: Message): void {
    if (!('sync_request' in m)) {
      this.inner.send(peer, m);
      return;
    }
    this.lastSyncAt = Date.now();
    void this.fetch(peer, m);
  }

  private async fetch(peer: string, m: Message): Promise<void> {
    try {
      const raw = await this.net.request(
        peer,
        blockSyncProtocol(this.chainId),
        encodeMessage(m),
        this.timeoutMs,
        {
          maxResponseBytes: MAX_MESSAGE_BYTES,
        },
      );
      const answer = decodeMessage(raw);
      if (!('sync_response' in answer) || answer.sync_response.length === 0) return;
      this.log.debug({ peer, blocks: answer.sync_response.length }, 'blocks received');
      await this.deliver(peer, answer);
    } catch (e) {
      this.log.debug({ peer, reason: (e as Error).message }, 'block-sync request failed');
    }
  }
}
