/**
 * Writing the genesis state: both domain trees at height 0. Each tree gets the records of the
 * programs mapped into it (APE-12), the accounts mapped RW into it, and the genesis state of every
 * service present in it (its raw parameters from `services`). The first epoch's VED account set
 * holds the RW-VED accounts. The genesis domain hashes are the parents of height 1.
 */
import { bytesEqual, EMPTY_HASH } from '../../common/index.js';
import type { StateTree } from '../../mkvs/index.js';
import { Mapping, rwMapping } from '../accounts/mapping.js';
import { putAccount } from '../accounts/store.js';
import { VedAccountSet } from '../accounts/ved-set.js';
import { writeVedSet } from '../accounts/ved-set-store.js';
import { ConsensusError } from '../errors.js';
import { type BlockFacts, blockContext } from '../executor/context.js';
import { domainHash, domainNamespace } from '../executor/hash.js';
import { BlockOverlay } from '../executor/overlay.js';
import { type ChainParams, methodIndex } from '../executor/params.js';
import type { DomainId, Service, ServiceEvent } from '../service.js';
import type { GenesisDocument } from './document.js';

/** The state genesis produces. */
export interface GenesisState {
  readonly vedSet: VedAccountSet;
  readonly ved: { readonly stateRoot: Uint8Array; readonly domainHash: Uint8Array };
  readonly ued: { readonly stateRoot: Uint8Array; readonly domainHash: Uint8Array };
  readonly events: readonly ServiceEvent[];
}

/** Write genesis into empty VED and UED trees (committed at version 0). */
export async function initGenesis(
  doc: GenesisDocument,
  params: ChainParams,
  services: readonly Service[],
  trees: { ved: StateTree; ued: StateTree },
): Promise<GenesisState> {
  methodIndex(services, params);
  for (const name of Object.keys(doc.services)) {
    if (!services.some((s) => s.name === name)) {
      throw new ConsensusError(ConsensusError.INVALID_GENESIS, `genesis: services.${name}: no such service`);
    }
  }
  // Labelled with the first block's epoch (0 unless the interval is 1).
  const vedSet = new VedAccountSet(
    params.epochs.epochOf(1n),
    doc.accounts.filter((a) => a.mapping === Mapping.RW_VED).map((a) => a.address),
  );
  const events: ServiceEvent[] = [];
  const ved = await initDomain('ved', doc, params, services, trees.ved, vedSet, events);
  const ued = await initDomain('ued', doc, params, services, trees.ued, vedSet, events);
  return { vedSet, ved, ued, events };
}

async function initDomain(
  domain: DomainId,
  doc: GenesisDocument,
  params: ChainParams,
  services: readonly Service[],
  tree: StateTree,
  vedSet: VedAccountSet,
  events: ServiceEvent[],
): Promise<{ stateRoot: Uint8Array; domainHash: Uint8Array }> {
  if (!bytesEqual(tree.rootHash(), EMPTY_HASH)) {
    throw new ConsensusError(ConsensusError.INVALID_GENESIS, `genesis: the ${domain} tree is not empty`);
  }
  const state = new BlockOverlay(tree);
  for (const p of params.programs.entries()) {
    if (!params.programs.isIn(p.name, domain)) continue;
    putAccount(state, p.address, { balance: 0n, nonce: 0n, mapping: p.mapping, owner: p.name });
  }
  writeAccounts(domain, doc, params, state);
  if (domain === 'ved') writeVedSet(state, vedSet);
  const f: BlockFacts = {
    domain,
    height: 0n,
    epoch: 0n,
    timeMs: doc.genesis_time_ms,
    epochStart: true,
    params,
    view: { vedSet, programs: params.programs },
  };
  const ctx = blockContext(f, state, events);
  for (const s of services) {
    if (params.programs.isIn(s.name, domain)) await s.initGenesis?.(ctx, doc.services[s.name]);
  }
  await state.flush();
  const stateRoot = await tree.commit(domainNamespace(domain, params.chainContext), 0n);
  const parts = { domain, height: 0n, parentHash: new Uint8Array(32), stateRoot };
  return {
    stateRoot,
    domainHash: domainHash({ ...parts, receiptsRoot: EMPTY_HASH, vedSetHash: vedSet.hash() }),
  };
}

function writeAccounts(
  domain: DomainId,
  doc: GenesisDocument,
  params: ChainParams,
  state: BlockOverlay,
): void {
  for (const [i, a] of doc.accounts.entries()) {
    if (params.programs.byAddress(a.address) !== undefined) {
      throw new ConsensusError(
        ConsensusError.INVALID_GENESIS,
        `genesis: accounts[${i}] is a program address`,
      );
    }
    if (params.programs.byName(a.owner) === undefined) {
      throw new ConsensusError(
        ConsensusError.INVALID_GENESIS,
        `genesis: accounts[${i}].owner ${a.owner} is no program`,
      );
    }
    if (a.mapping !== rwMapping(domain)) continue;
    if (!params.programs.isIn(a.owner, domain)) {
      throw new ConsensusError(
        ConsensusError.INVALID_GENESIS,
        `genesis: accounts[${i}]: owner not in the ${domain}`,
      );
    }
    putAccount(state, a.address, { balance: a.balance, nonce: 0n, mapping: a.mapping, owner: a.owner });
  }
}
