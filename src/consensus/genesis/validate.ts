/** Semantic checks of a genesis document beyond its schema, each with a precise message. */
import { ADDRESS_SIZE, decodeWith, MAX_QUANTITY, toHex } from '../../common/index.js';
import { isMapping, Mapping } from '../accounts/mapping.js';
import { REQUIRED_VED_PROGRAMS } from '../accounts/programs.js';
import { ConsensusError } from '../errors.js';
import { type GenesisDocument, genesisCodec, MAX_GENESIS_BYTES } from './document.js';
import { MAX_TX_BYTES_LIMIT, MIN_TX_BYTES } from './limits.js';

const NAME = /^[a-z][a-z0-9_-]{0,31}$/;

function bad(msg: string): never {
  throw new ConsensusError(ConsensusError.INVALID_GENESIS, `genesis: ${msg}`);
}

/** Collects the semantic problems of a document, so a check names every one, not the first. */
type Fail = (msg: string) => void;

/**
 * Throws {@link ConsensusError.INVALID_GENESIS}: at the first schema problem (nothing else can be
 * checked on a malformed document), else naming every semantic problem found, separated by "; ".
 */
export function validateGenesis(doc: GenesisDocument): GenesisDocument {
  try {
    genesisCodec.toCbor(doc, '');
  } catch (e) {
    bad((e as Error).message);
  }
  const problems: string[] = [];
  const fail: Fail = (m) => problems.push(m);
  if (!/^[\x21-\x7e]{1,64}$/.test(doc.chain_id)) fail('chain_id must be 1..64 printable ASCII characters');
  const p = doc.params;
  if (p.epoch_interval < 1n) fail('params.epoch_interval must be at least 1');
  if (p.max_tx_bytes < MIN_TX_BYTES || p.max_tx_bytes > MAX_TX_BYTES_LIMIT) {
    fail(`params.max_tx_bytes must be in ${MIN_TX_BYTES}..${MAX_TX_BYTES_LIMIT}`);
  }
  const bps = p.confirm_stake_bps;
  if (bps !== undefined && (bps < 1 || bps > 10_000)) fail('params.confirm_stake_bps must be in 1..10000');
  for (const r of REQUIRED_VED_PROGRAMS) {
    if (!p.ved_programs.includes(r)) fail(`params.ved_programs must include ${r} (APE-12)`);
  }
  for (const n of p.ved_programs)
    if (!NAME.test(n)) fail(`params.ved_programs: invalid name ${JSON.stringify(n)}`);
  if (new Set(p.ved_programs).size !== p.ved_programs.length) fail('params.ved_programs has duplicates');
  checkAccounts(doc, fail);
  checkValidators(doc, fail);
  for (const k of Object.keys(doc.services))
    if (!NAME.test(k)) fail(`services: invalid name ${JSON.stringify(k)}`);
  if (problems.length > 0) bad(problems.join('; '));
  return doc;
}

function checkAccounts(doc: GenesisDocument, fail: Fail): void {
  const seen = new Set<string>();
  let total = 0n;
  doc.accounts.forEach((a, i) => {
    const at = `accounts[${i}]`;
    if (a.address.length !== ADDRESS_SIZE) fail(`${at}.address must be ${ADDRESS_SIZE} bytes`);
    const k = toHex(a.address);
    if (seen.has(k)) fail(`${at}: address listed twice`);
    seen.add(k);
    if (!isMapping(a.mapping) || (a.mapping !== Mapping.RW_VED && a.mapping !== Mapping.RW_UED)) {
      fail(`${at}.mapping: accounts are mapped RW-VED or RW-UED (APE-11)`);
    }
    if (!NAME.test(a.owner)) fail(`${at}.owner: invalid program name`);
    total += a.balance;
    if (total > MAX_QUANTITY) fail('total balance exceeds 2^256-1');
  });
}

function checkValidators(doc: GenesisDocument, fail: Fail): void {
  const seen = new Set<string>();
  doc.validators.forEach((v, i) => {
    const k = toHex(v.public_key);
    if (seen.has(k)) fail(`validators[${i}]: public key listed twice`);
    seen.add(k);
    if (v.power < 1n) fail(`validators[${i}].power must be at least 1`);
  });
}

/** Decode a canonical CBOR genesis document strictly, then validate it. */
export function decodeGenesis(b: Uint8Array): GenesisDocument {
  let doc: GenesisDocument;
  try {
    doc = decodeWith(genesisCodec, b, { maxSize: MAX_GENESIS_BYTES, maxItems: 50_000_000 });
  } catch (e) {
    bad((e as Error).message);
  }
  return validateGenesis(doc);
}
