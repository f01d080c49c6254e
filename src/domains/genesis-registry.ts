/**
 * The registry section of a built genesis: each node's entity and node descriptor, signed with
 * the genesis contexts (a genesis document cannot name its own chain context, which is its hash),
 * so the chain starts with its nodes registered: their p2p keys are what peer admission trusts,
 * their consensus keys what the registry checks elections against.
 */
import { type Ed25519Signer, multiSignValue, signValue } from '../common/index.js';
import {
  entityCodec,
  genesisEntityContext,
  genesisNodeContext,
  type Node,
  nodeCodec,
  type RegistryGenesis,
  type RegistryParams,
  registryGenesisCodec,
} from '../services/registry/index.js';

/** Node descriptor version the registry accepts. */
const NODE_VERSION = 3;
/** Entity descriptor version the registry accepts. */
const ENTITY_VERSION = 2;

/** One node of a genesis registry with the keys that sign it. */
export interface GenesisNodeSpec {
  /** The node's entity (its own descriptor whitelists just this node). */
  readonly entity: Ed25519Signer;
  readonly id: Ed25519Signer;
  readonly consensus: Ed25519Signer;
  readonly p2p: Ed25519Signer;
  readonly tls: Ed25519Signer;
  readonly vrf: Ed25519Signer;
  /** Bit set of `ROLE_*`. */
  readonly roles: number;
  /** Last epoch the registration covers. */
  readonly expiration: bigint;
  readonly p2pAddresses?: readonly string[];
}

/** The node descriptor of a spec. */
export function genesisNodeDescriptor(s: GenesisNodeSpec): Node {
  return {
    v: NODE_VERSION,
    id: s.id.publicKey,
    entity_id: s.entity.publicKey,
    expiration: s.expiration,
    tls: { pub_key: s.tls.publicKey, addresses: [] },
    p2p: { id: s.p2p.publicKey, addresses: [...(s.p2pAddresses ?? [])] },
    consensus: { id: s.consensus.publicKey, addresses: [] },
    vrf: { id: s.vrf.publicKey },
    roles: s.roles,
  };
}

/** The registry genesis registering `nodes` (each with its own entity) under `params`. */
export function genesisRegistry(params: RegistryParams, nodes: readonly GenesisNodeSpec[]): RegistryGenesis {
  return {
    params,
    entities: nodes.map((n) =>
      signValue(n.entity, genesisEntityContext(), entityCodec, {
        v: ENTITY_VERSION,
        id: n.entity.publicKey,
        nodes: [n.id.publicKey],
      }),
    ),
    nodes: nodes.map((n) =>
      multiSignValue(
        [n.id, n.consensus, n.p2p, n.tls, n.vrf],
        genesisNodeContext(),
        nodeCodec,
        genesisNodeDescriptor(n),
      ),
    ),
  };
}

/** The registry genesis in the data model a genesis document's `services.registry` holds. */
export function registrySection(g: RegistryGenesis): unknown {
  return registryGenesisCodec.toCbor(g, 'registry');
}
