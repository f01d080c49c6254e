/** Entity descriptors (spec/oasis.md §6): `{v, id, nodes?}`, registered Signed by the entity key. */
import {
  array,
  bytes,
  bytes32,
  type Infer,
  optional,
  signatureCodec,
  struct,
  u16,
} from '../../../common/index.js';
import { MAX_DESCRIPTOR_SIZE, MAX_ENTITY_NODES } from './methods.js';

/** An entity: its public key and the node ids it vouches for. */
export const entityCodec = struct(
  {
    v: u16,
    id: bytes32,
    /** Node ids the entity whitelists (each at most once). */
    nodes: optional(array(bytes32, MAX_ENTITY_NODES)),
  },
  'Entity',
);
/** An entity descriptor. */
export type Entity = Infer<typeof entityCodec>;

/** A Signed envelope whose raw value is bounded by {@link MAX_DESCRIPTOR_SIZE}. */
export const boundedSignedCodec = struct(
  { untrusted_raw_value: bytes({ max: MAX_DESCRIPTOR_SIZE }), signature: signatureCodec },
  'SignedDescriptor',
);
/** Body of `registry.RegisterEntity`: a Signed entity descriptor. */
export type SignedEntity = Infer<typeof boundedSignedCodec>;

/** Body of `registry.DeregisterEntity` (empty: the signer names the entity). */
export const deregisterEntityCodec = struct({}, 'DeregisterEntity');
/** Body of `registry.DeregisterEntity`. */
export type DeregisterEntityBody = Infer<typeof deregisterEntityCodec>;
