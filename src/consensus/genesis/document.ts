/**
 * The genesis document: chain id and time, chain parameters, initial accounts with their
 * mappings, validators, and each service's raw parameters. Its canonical CBOR encoding defines
 * the chain context (hex SHA-512/256), which every signature on the chain is bound to.
 */
import {
  ADDRESS_SIZE,
  array,
  bytes,
  bytes32,
  type Codec,
  encodeWith,
  hash,
  optional,
  quantity,
  raw,
  struct,
  text,
  textMap,
  toHex,
  u8,
  u16,
  u32,
  u64,
} from '../../common/index.js';
import type { Mapping } from '../accounts/mapping.js';

/** Most accounts at genesis. */
export const MAX_GENESIS_ACCOUNTS = 1_000_000;
/** Most validators at genesis. */
export const MAX_GENESIS_VALIDATORS = 1000;
/** Most services with genesis parameters. */
export const MAX_GENESIS_SERVICES = 64;
/** Largest genesis document, in bytes (encoded or as a file). */
export const MAX_GENESIS_BYTES = 256 * 1024 * 1024;

/** Gas costs. */
export interface GasCosts {
  /** Gas per byte of signed transaction. */
  tx_byte: bigint;
}

/** Chain parameters. */
export interface GenesisParams {
  /** Blocks per epoch (≥ 1). */
  epoch_interval: bigint;
  /** Largest signed transaction, in bytes. */
  max_tx_bytes: number;
  gas_costs: GasCosts;
  /** Least stake of a VED vote account (APE-7). */
  min_validator_stake: bigint;
  /** Programs mapped RX-UED-VED; must include system and vote (APE-12). */
  ved_programs: string[];
  /**
   * Default stake threshold of execution status, in basis points of the stake in force (APE-20;
   * 1..10000; absent: 500, 5%). Absent from a document, it leaves the encoding (and the chain
   * context) as it was.
   */
  confirm_stake_bps?: number;
}

/** An initial account. */
export interface GenesisAccount {
  address: Uint8Array;
  balance: bigint;
  mapping: Mapping;
  owner: string;
}

/** An initial validator. */
export interface GenesisValidator {
  public_key: Uint8Array;
  power: bigint;
}

/** The genesis document. */
export interface GenesisDocument {
  chain_id: string;
  genesis_time_ms: bigint;
  params: GenesisParams;
  accounts: GenesisAccount[];
  validators: GenesisValidator[];
  services: Record<string, unknown>;
}

/** Strict codec; field names are the document's wire names. */
export const genesisCodec: Codec<GenesisDocument> = struct(
  {
    chain_id: text(64),
    genesis_time_ms: u64,
    params: struct(
      {
        epoch_interval: u64,
        max_tx_bytes: u32,
        gas_costs: struct({ tx_byte: u64 }, 'GasCosts'),
        min_validator_stake: quantity,
        ved_programs: array(text(32), 64),
        confirm_stake_bps: optional(u16),
      },
      'GenesisParams',
    ),
    accounts: array(
      struct(
        { address: bytes({ len: ADDRESS_SIZE }), balance: quantity, mapping: u8, owner: text(32) },
        'Account',
      ),
      MAX_GENESIS_ACCOUNTS,
    ),
    validators: array(struct({ public_key: bytes32, power: u64 }, 'Validator'), MAX_GENESIS_VALIDATORS),
    services: textMap(raw, MAX_GENESIS_SERVICES),
  },
  'GenesisDocument',
) as Codec<GenesisDocument>;

/** Canonical CBOR of the document. */
export function encodeGenesis(doc: GenesisDocument): Uint8Array {
  return encodeWith(genesisCodec, doc);
}

/** The chain context: hex SHA-512/256 of the canonical encoding. */
export function chainContextOf(doc: GenesisDocument): string {
  return toHex(hash(encodeGenesis(doc)));
}
