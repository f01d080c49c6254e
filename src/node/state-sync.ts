/**
 * State sync for a node joining late (docs/state.md, "State sync"): instead of executing every
 * block from genesis, it asks its peers which checkpoints they offer, takes the newest, and from
 * one peer offering it fetches the record and blocks h and h + 1 (block sync), checks them
 * (state-sync-trust.ts), rebuilds both trees from verified chunks in a staging directory and
 * installs them (state-sync-import.ts). The node then starts from height h and block sync goes on
 * from h + 1. A peer whose answers fail a check is penalized and the next peer (then the next
 * older checkpoint) is tried; the data dir is untouched until a checkpoint passed every check.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Logger, nullLogger, toHex } from '../common/index.js';
import { ChainContexts } from '../consensus/bft/index.js';
import { chainContextOf, type GenesisDocument } from '../consensus/index.js';
import { LevelNodeDB, Tree } from '../mkvs/index.js';
import type { Network, Offence } from '../p2p/index.js';
import { type DataDirLayout, ensureDataDir } from './data-dir.js';
import { NodeError } from './errors.js';
import { StateSyncClient } from './state-sync-client.js';
import { importCompactUed, importTree, installCheckpoint } from './state-sync-import.js';
import { anchorMismatch, type TrustAnchor, verifyCheckpoint } from './state-sync-trust.js';
import type { CheckpointOffer } from './state-sync-wire.js';
import { type UedStore, uedDirOf } from './ued-store.js';

/** What state sync needs. */
export interface StateSyncOptions {
  readonly net: Network;
  readonly genesis: GenesisDocument;
  readonly layout: DataDirLayout;
  /** Peers to ask (default: the network's connected peers). */
  readonly peers?: readonly string[];
  /** Per request (default 10 s). */
  readonly timeoutMs?: number;
  /** Count an offence against a peer (default: nothing). */
  readonly penalize?: (peer: string, offence: Offence) => void;
  /** Take only the checkpoint of this block (state-sync-trust.ts); default: the newest, genesis-anchored. */
  readonly trust?: TrustAnchor;
  /** The store the restored UED goes to, as `uedStoreOf` resolved it (ued-store.ts). */
  readonly uedStore: UedStore;
  readonly log?: Logger;
}

/** Restore the newest verified checkpoint into the (fresh) data dir; returns its height. */
export async function runStateSync(o: StateSyncOptions): Promise<bigint> {
  if (existsSync(o.layout.appRecord)) {
    throw new NodeError(NodeError.STATE_SYNC_FAILED, 'the data dir already holds a chain state');
  }
  const log = (o.log ?? nullLogger).child({ module: 'state-sync' });
  const client = new StateSyncClient(
    o.net,
    o.genesis.chain_id,
    o.timeoutMs ?? 10_000,
    o.penalize ?? (() => {}),
  );
  const groups = anchored(await collectOffers(client, o.peers ?? o.net.peers(), log), o.trust);
  let last = 'no checkpoint offered';
  for (const { offer, peers } of groups) {
    for (const peer of peers) {
      try {
        await restoreFrom(o, client, peer, offer);
        log.info({ height: String(offer.height), peer }, 'state restored from a checkpoint');
        return offer.height;
      } catch (e) {
        last = (e as Error).message;
        log.warn({ height: String(offer.height), peer, reason: last }, 'checkpoint failed');
      } finally {
        rmSync(stagingDir(o.layout), { recursive: true, force: true });
      }
    }
  }
  throw new NodeError(NodeError.STATE_SYNC_FAILED, `no peer served a verified checkpoint (last: ${last})`);
}

type OfferGroup = { offer: CheckpointOffer; peers: string[] };

/** With an anchor, only the offers at its height (an error naming what was offered if none). */
function anchored(groups: OfferGroup[], trust: TrustAnchor | undefined): OfferGroup[] {
  if (trust === undefined) return groups;
  const at = groups.filter((g) => g.offer.height === trust.height);
  if (at.length > 0 || groups.length === 0) return at;
  const offered = [...new Set(groups.map((g) => String(g.offer.height)))].join(', ');
  throw new NodeError(
    NodeError.STATE_SYNC_FAILED,
    `no peer offers a checkpoint at the trusted height ${trust.height} (offered: ${offered})`,
  );
}

/** Offers by identical content, newest first, each with the peers that offer it. */
async function collectOffers(client: StateSyncClient, peers: readonly string[], log: Logger) {
  const byKey = new Map<string, OfferGroup>();
  for (const peer of peers) {
    try {
      for (const offer of await client.offers(peer)) {
        const key = `${offer.height}:${toHex(offer.record_hash)}:${toHex(offer.ved_root)}:${toHex(offer.ued_root)}`;
        const g = byKey.get(key) ?? { offer, peers: [] };
        g.peers.push(peer);
        byKey.set(key, g);
      }
    } catch (e) {
      log.debug({ peer, reason: (e as Error).message }, 'no checkpoint list');
    }
  }
  return [...byKey.values()].sort((a, b) => (a.offer.height > b.offer.height ? -1 : 1));
}

function stagingDir(layout: DataDirLayout): string {
  return join(layout.root, 'state-sync.staging');
}

async function restoreFrom(
  o: StateSyncOptions,
  client: StateSyncClient,
  peer: string,
  offer: CheckpointOffer,
): Promise<void> {
  const decided = await client.blocks(peer, offer.height, offer.height + 1n);
  if (o.trust !== undefined) {
    // Not the peer's fault as such (the operator's hash may be the wrong one): no penalty.
    const why = anchorMismatch(o.trust, decided[0]);
    if (why !== undefined)
      throw new NodeError(NodeError.STATE_SYNC_UNTRUSTED, `checkpoint not trusted: ${why}`);
  }
  const record = await client.record(peer, offer);
  const ctx = new ChainContexts(o.genesis.chain_id);
  const chainContext = chainContextOf(o.genesis);
  const validators = o.genesis.validators.map((v) => ({ pubKey: v.public_key, power: v.power }));
  let trusted: ReturnType<typeof verifyCheckpoint>;
  try {
    trusted = verifyCheckpoint({ ctx, chainContext, validators, offer, record, decided, anchor: o.trust });
  } catch (e) {
    client.penalize(peer, 'malformed');
    throw e;
  }
  const dir = stagingDir(o.layout);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const store = o.uedStore;
  const staged = {
    ved: join(dir, 'ved'),
    ued: join(dir, store === 'compact' ? 'ued-compact' : 'ued'),
    uedTo: uedDirOf(o.layout, store),
  };
  for (const which of ['ved', 'ued'] as const) {
    if (which === 'ued' && store === 'compact') {
      await importCompactUed(client, peer, offer, staged.ued, chainContext);
      continue;
    }
    const db = await LevelNodeDB.open(staged[which]);
    try {
      await importTree(client, peer, offer, which, new Tree({ db }), chainContext);
    } finally {
      await db.close();
    }
  }
  ensureDataDir(o.layout);
  await installCheckpoint(o.layout, staged, trusted, record, ctx);
}
