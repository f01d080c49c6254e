/**
 * `registry.RegisterEntity` (a Signed entity descriptor, by the entity key) and
 * `registry.DeregisterEntity` (only once the entity has no nodes and no runtimes).
 */
import { bytesEqual, toHex } from '../../../common/index.js';
import {
  ENTITY_DESCRIPTOR_VERSION,
  type Entity,
  EVENT_ENTITY_DEREGISTERED,
  EVENT_ENTITY_REGISTERED,
  entityCodec,
  RegistryError,
  type SignedEntity,
} from '../api/index.js';
import { type RegistryEnv, requireTxSigner } from './env.js';
import { openSignedDescriptor, requireVersion } from './open.js';
import { requireEntityStake } from './stake.js';

/** Verify and check an entity descriptor (everything but stake). */
export function checkEntity(env: RegistryEnv, signed: SignedEntity): Entity {
  const { value: e, signer } = openSignedDescriptor(signed, env.entityContext, entityCodec);
  requireVersion(e.v, ENTITY_DESCRIPTOR_VERSION, 'entity descriptor');
  if (!bytesEqual(signer, e.id)) {
    throw new RegistryError(
      RegistryError.SIGNERS_MISMATCH,
      'registry: entity descriptor not signed by the entity',
    );
  }
  requireTxSigner(env, e.id, 'entity registration');
  const seen = new Set<string>();
  for (const n of e.nodes ?? []) {
    const h = toHex(n);
    if (seen.has(h))
      throw new RegistryError(RegistryError.INVALID_ENTITY, `registry: node ${h} listed twice`);
    seen.add(h);
  }
  return e;
}

/** Register or update an entity. */
export async function registerEntity(env: RegistryEnv, signed: SignedEntity): Promise<void> {
  const e = checkEntity(env, signed);
  await requireEntityStake(env.ctx.state, env.claims, e.id, {});
  env.w.setEntity(e);
  env.emit(EVENT_ENTITY_REGISTERED, { id: e.id });
}

/** Deregister the transaction signer's entity. */
export async function deregisterEntity(env: RegistryEnv, id: Uint8Array): Promise<void> {
  if ((await env.w.entity(id)) === null) {
    throw new RegistryError(RegistryError.ENTITY_NOT_FOUND, `registry: no entity ${toHex(id)}`);
  }
  if ((await env.w.entityNodeIds(id)).length > 0) {
    throw new RegistryError(RegistryError.ENTITY_HAS_NODES, 'registry: entity still has nodes');
  }
  if ((await env.w.runtimes()).some((rt) => bytesEqual(rt.entity_id, id))) {
    throw new RegistryError(RegistryError.ENTITY_HAS_RUNTIMES, 'registry: entity still owns runtimes');
  }
  env.w.deleteEntity(id);
  env.emit(EVENT_ENTITY_DEREGISTERED, { id });
}
