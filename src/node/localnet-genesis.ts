/**
 * The local network's genesis and keys. At the first start: a key set per validator under
 * `dir/v<i>/` (identity, consensus, p2p, vrf, plus tls and entity), funded user accounts in both
 * domains with their keys under `dir/accounts/`, and a genesis document from the domains genesis
 * builder (each validator's vote account, staked by its operator, the identity key's address; each
 * validator registered as a node of its own entity, so its p2p key is what peers admit) written
 * atomically to `dir/genesis.json`. Later starts load that document and check it against the keys.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  addressFromPublicKey,
  bytesEqual,
  Ed25519Signer,
  loadKey,
  loadNodeKeys,
  type NodeKeys,
  saveKey,
  TandemError,
  toHex,
  writeNodeKeys,
} from '../common/index.js';
import { type GenesisDocument, Mapping } from '../consensus/index.js';
import {
  buildGenesis,
  DEFAULT_REGISTRY_PARAMS,
  type GenesisNodeSpec,
  genesisRegistry,
  genesisToPlain,
  loadChainGenesis,
} from '../domains/index.js';
import { ROLE_VALIDATOR } from '../services/registry/index.js';
import { NodeError } from './errors.js';

/** User accounts created per domain. */
export const LOCALNET_USERS = 2;
/** Balance of each user account and of each validator's operator account. */
export const LOCALNET_BALANCE = 1_000_000_000n;
/** Stake each validator's operator escrows to its vote account (the minimum is half). */
export const LOCALNET_STAKE = 1_000_000n;

/** Options of {@link localnetGenesis}. */
export interface LocalnetGenesisOptions {
  readonly dir: string;
  readonly validators: number;
  /** Blocks per epoch of a new genesis (at least 2). */
  readonly epochInterval: bigint;
}

/** Where user `j` of a domain keeps its key: `dir/accounts/<domain>-<j>.pem`. */
export function localnetUserKeyPath(dir: string, domain: 'ved' | 'ued', j: number): string {
  return join(dir, 'accounts', `${domain}-${j}.pem`);
}

function nodeKeys(dir: string): NodeKeys {
  return existsSync(join(dir, 'consensus.pem')) ? loadNodeKeys(dir) : writeNodeKeys(dir);
}

/**
 * How many epochs ahead a registration may reach, and the last epoch the genesis registrations
 * cover: each node renews its own in the last epoch it covers (registration.ts).
 */
export const LOCALNET_NODE_EXPIRATION = 4n;

function registration(dir: string, k: NodeKeys): GenesisNodeSpec {
  return {
    entity: userKey(join(dir, 'entity.pem')),
    id: k.identity,
    consensus: k.consensus,
    p2p: k.p2p,
    tls: userKey(join(dir, 'tls.pem')),
    vrf: k.vrf,
    roles: ROLE_VALIDATOR,
    expiration: LOCALNET_NODE_EXPIRATION,
  };
}

function userKey(path: string): Ed25519Signer {
  if (existsSync(path)) return loadKey(path);
  const s = Ed25519Signer.generate();
  saveKey(path, s);
  return s;
}

function create(o: LocalnetGenesisOptions, path: string): void {
  const keys = Array.from({ length: o.validators }, (_, i) => nodeKeys(join(o.dir, `v${i}`)));
  mkdirSync(join(o.dir, 'accounts'), { recursive: true, mode: 0o700 });
  const accounts = (['ued', 'ved'] as const).flatMap((domain) =>
    Array.from({ length: LOCALNET_USERS }, (_, j) => ({
      address: addressFromPublicKey(userKey(localnetUserKeyPath(o.dir, domain, j)).publicKey),
      balance: LOCALNET_BALANCE,
      mapping: domain === 'ued' ? Mapping.RW_UED : Mapping.RW_VED,
    })),
  );
  const doc = buildGenesis({
    chainId: `tandem-localnet-${toHex(keys[0]!.consensus.publicKey).slice(0, 8)}`,
    genesisTimeMs: BigInt(Date.now()),
    epochInterval: o.epochInterval,
    minStake: LOCALNET_STAKE / 2n,
    roleBalance: LOCALNET_BALANCE,
    accounts,
    registry: genesisRegistry(
      { ...DEFAULT_REGISTRY_PARAMS, max_node_expiration: LOCALNET_NODE_EXPIRATION },
      keys.map((k, i) => registration(join(o.dir, `v${i}`), k)),
    ),
    validators: keys.map((k) => {
      const operator = addressFromPublicKey(k.identity.publicKey);
      return {
        node: k.consensus.publicKey,
        authority: operator,
        feePayer: operator,
        fund: operator,
        stake: LOCALNET_STAKE,
      };
    }),
  });
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(genesisToPlain(doc), null, 2)}\n`);
  renameSync(tmp, path);
}

function load(o: LocalnetGenesisOptions, path: string): GenesisDocument {
  let doc: GenesisDocument;
  try {
    doc = loadChainGenesis(path);
  } catch (e) {
    if (!(e instanceof TandemError)) throw e;
    throw new NodeError(
      NodeError.GENESIS,
      `${path}: ${e.message} (an older localnet? remove ${o.dir} to start a new one)`,
    );
  }
  if (doc.validators.length !== o.validators) {
    throw new NodeError(
      NodeError.GENESIS,
      `${path} has ${doc.validators.length} validators, not ${o.validators}`,
    );
  }
  doc.validators.forEach((v, i) => {
    const k = loadKey(join(o.dir, `v${i}`, 'consensus.pem'));
    if (!bytesEqual(k.publicKey, v.public_key)) {
      throw new NodeError(NodeError.GENESIS, `v${i}/consensus.pem is not validator ${i} of ${path}`);
    }
  });
  return doc;
}

/** The localnet's genesis document: loaded from `dir/genesis.json`, or created with its keys. */
export function localnetGenesis(o: LocalnetGenesisOptions): GenesisDocument {
  const path = join(o.dir, 'genesis.json');
  if (!existsSync(path)) {
    mkdirSync(o.dir, { recursive: true });
    create(o, path);
  }
  // Always the loaded form: the loader keeps service parameters as plain values, and the chain
  // context is the hash of the document as loaded, so a first start must see what later ones do.
  return load(o, path);
}
