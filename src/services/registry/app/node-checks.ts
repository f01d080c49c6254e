/**
 * Stateless checks of a node descriptor: version, signer set, distinct keys, roles, addresses and
 * expiration (spec/oasis.md §6; RT-7).
 */
import { toHex } from '../../../common/index.js';
import {
  NODE_DESCRIPTOR_VERSION,
  type Node,
  nodeSigningKeys,
  RegistryError,
  type RegistryParams,
  ROLES_MASK,
} from '../api/index.js';
import { requireVersion } from './open.js';

const HOST = String.raw`(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\])`;
const ADDRESS = new RegExp(`^(?:[0-9a-f]{64}@)?${HOST}:([0-9]{1,5})$`);

function fail(code: number, msg: string): never {
  throw new RegistryError(code, `registry: ${msg}`);
}

/** SIGNERS_MISMATCH unless the signers are exactly the node's keys (which must be distinct). */
export function checkNodeSigners(n: Node, signers: readonly Uint8Array[]): void {
  const keys = nodeSigningKeys(n).map(toHex);
  if (new Set(keys).size !== keys.length) fail(RegistryError.INVALID_NODE_KEYS, 'node keys must be distinct');
  const signed = new Set(signers.map(toHex));
  for (const k of keys)
    if (!signed.has(k)) fail(RegistryError.SIGNERS_MISMATCH, `node key ${k} did not sign`);
  if (signed.size !== keys.length)
    fail(RegistryError.SIGNERS_MISMATCH, 'node signed by a key it does not name');
}

function checkAddresses(list: readonly string[] | undefined, what: string): void {
  for (const a of list ?? []) {
    const m = ADDRESS.exec(a);
    const port = m ? Number(m[1]) : 0;
    if (port < 1 || port > 65535)
      fail(RegistryError.INVALID_ADDRESS, `bad ${what} address ${JSON.stringify(a)}`);
  }
}

/** Version, roles, addresses and expiration of a node registering at `epoch`. */
export function checkNodeBasics(n: Node, epoch: bigint, params: RegistryParams): void {
  requireVersion(n.v, NODE_DESCRIPTOR_VERSION, 'node descriptor');
  if (n.roles === 0) fail(RegistryError.INVALID_ROLES, 'node has no role');
  if ((n.roles & ~ROLES_MASK) !== 0)
    fail(RegistryError.INVALID_ROLES, `reserved role bits in 0x${n.roles.toString(16)}`);
  checkAddresses(n.tls.addresses, 'TLS');
  checkAddresses(n.p2p.addresses, 'P2P');
  checkAddresses(n.consensus.addresses, 'consensus');
  if (n.expiration <= epoch)
    fail(RegistryError.INVALID_EXPIRATION, `node expiration ${n.expiration} not after epoch ${epoch}`);
  if (n.expiration > epoch + params.max_node_expiration) {
    fail(
      RegistryError.INVALID_EXPIRATION,
      `node expiration ${n.expiration} more than ${params.max_node_expiration} epochs ahead`,
    );
  }
}
