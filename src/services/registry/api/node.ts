/**
 * Node descriptors (spec/oasis.md §6, descriptor version 3): the keys a node uses, where to reach
 * it, its roles and the runtimes it serves. Registered MultiSigned by every key it names.
 */
import {
  array,
  bytes,
  bytes32,
  type Infer,
  optional,
  signatureCodec,
  struct,
  text,
  u8,
  u16,
  u32,
  u64,
} from '../../../common/index.js';
import {
  MAX_ADDRESS_LENGTH,
  MAX_ADDRESSES,
  MAX_BLOB,
  MAX_DESCRIPTOR_SIZE,
  MAX_NODE_RUNTIMES,
} from './methods.js';
import { versionCodec } from './version.js';

/** Role bit: compute worker. */
export const ROLE_COMPUTE = 1 << 0;
/** Role bit: observer. */
export const ROLE_OBSERVER = 1 << 1;
/** Role bit: key manager. */
export const ROLE_KEY_MANAGER = 1 << 2;
/** Role bit: validator. */
export const ROLE_VALIDATOR = 1 << 3;
/** Role bit: storage committee member (Tandem); bit 4 is reserved as in Oasis. */
export const ROLE_STORAGE = 1 << 5;
/** Every defined role bit; any other bit is reserved and refused. */
export const ROLES_MASK = ROLE_COMPUTE | ROLE_OBSERVER | ROLE_KEY_MANAGER | ROLE_VALIDATOR | ROLE_STORAGE;

const addresses = optional(array(text(MAX_ADDRESS_LENGTH), MAX_ADDRESSES));

/** TEE capability of a node for one runtime (attestation is opaque here; see the report). */
export const teeCapabilityCodec = struct(
  {
    hardware: u8,
    rak: bytes32,
    rek: optional(bytes32),
    attestation: bytes({ max: MAX_BLOB }),
  },
  'CapabilityTEE',
);

/** One runtime a node serves, at one version. */
export const nodeRuntimeCodec = struct(
  {
    id: bytes32,
    version: versionCodec,
    capabilities: optional(struct({ tee: optional(teeCapabilityCodec) }, 'Capabilities')),
    extra_info: optional(bytes({ max: MAX_BLOB })),
  },
  'NodeRuntime',
);
/** One runtime a node serves. */
export type NodeRuntime = Infer<typeof nodeRuntimeCodec>;

/** A node descriptor. */
export const nodeCodec = struct(
  {
    v: u16,
    id: bytes32,
    entity_id: bytes32,
    /** Last epoch the registration covers; expired when `expiration < epoch`. */
    expiration: u64,
    tls: struct({ pub_key: bytes32, addresses }, 'TLSInfo'),
    p2p: struct({ id: bytes32, addresses }, 'P2PInfo'),
    consensus: struct({ id: bytes32, addresses }, 'ConsensusInfo'),
    vrf: struct({ id: bytes32 }, 'VRFInfo'),
    runtimes: optional(array(nodeRuntimeCodec, MAX_NODE_RUNTIMES)),
    roles: u32,
    software_version: optional(text(128)),
  },
  'Node',
);
/** A node descriptor. */
export type Node = Infer<typeof nodeCodec>;

/** Body of `registry.RegisterNode`: a MultiSigned node descriptor (at most 8 signatures). */
export const boundedMultiSignedCodec = struct(
  { untrusted_raw_value: bytes({ max: MAX_DESCRIPTOR_SIZE }), signatures: array(signatureCodec, 8) },
  'MultiSignedNode',
);
/** Body of `registry.RegisterNode`. */
export type MultiSignedNode = Infer<typeof boundedMultiSignedCodec>;

/** Body of `registry.UnfreezeNode`. */
export const unfreezeNodeCodec = struct({ node_id: bytes32 }, 'UnfreezeNode');
/** Body of `registry.UnfreezeNode`. */
export type UnfreezeNodeBody = Infer<typeof unfreezeNodeCodec>;

/** The keys a node descriptor names, each of which must sign it. */
export function nodeSigningKeys(n: Node): Uint8Array[] {
  return [n.id, n.consensus.id, n.p2p.id, n.tls.pub_key, n.vrf.id];
}
