/** Keys, signed creation bodies and fake hooks for the vote program's tests. */
import {
  addressFromPublicKey,
  decodeWith,
  Ed25519Signer,
  encodeWith,
  toHex,
} from '../../src/common/index.js';
import type { BlockContext, Service, TxContext } from '../../src/consensus/index.js';
import {
  type CreateAccountBody,
  createConsentCodec,
  createConsentContext,
  type EscrowHooks,
  type Fraction,
  type StakeSource,
} from '../../src/services/vote/index.js';
import { VOTE_TEST_CHAIN } from './kv-state-vote.js';

/** A deterministic key from a small number. */
export function testKey(n: number): Ed25519Signer {
  const seed = new Uint8Array(32);
  new DataView(seed.buffer).setUint32(0, n + 1);
  return Ed25519Signer.fromSeed(seed);
}

/** A validator operator: its node key, authority key and the derived addresses. */
export interface Operator {
  node: Ed25519Signer;
  authority: Ed25519Signer;
  account: Uint8Array;
  authorityAddress: Uint8Array;
  feePayer: Uint8Array;
  fund: Uint8Array;
}

/** Operator number `n` (keys 3n..3n+2). */
export function operator(n: number): Operator {
  const node = testKey(3 * n);
  const authority = testKey(3 * n + 1);
  return {
    node,
    authority,
    account: addressFromPublicKey(node.publicKey),
    authorityAddress: addressFromPublicKey(authority.publicKey),
    feePayer: addressFromPublicKey(testKey(3 * n + 2).publicKey),
    fund: addressFromPublicKey(testKey(100_000 + n).publicKey),
  };
}

/** A `vote.CreateAccount` body with the node key's consent. */
export function createBody(op: Operator): CreateAccountBody {
  const consent = { authority: op.authorityAddress, fee_payer: op.feePayer, fund: op.fund };
  return {
    node: op.node.publicKey,
    ...consent,
    node_signature: op.node.sign(
      createConsentContext(VOTE_TEST_CHAIN),
      encodeWith(createConsentCodec, consent),
    ),
  };
}

/** Escrow hooks that record their calls; slashing takes `fraction` of a fixed pool of 1,000,000. */
export class FakeEscrow implements EscrowHooks {
  readonly slashed: { escrow: string; fraction: Fraction }[] = [];
  readonly rewarded: string[][] = [];

  async slashEscrow(_ctx: BlockContext, escrow: Uint8Array, fraction: Fraction): Promise<bigint> {
    this.slashed.push({ escrow: toHex(escrow), fraction });
    return (1_000_000n * fraction.numerator) / fraction.denominator;
  }

  async rewardEscrows(_ctx: BlockContext, escrows: readonly Uint8Array[]): Promise<void> {
    this.rewarded.push(escrows.map(toHex));
  }
}

/** A stake snapshot map from (account, stake) pairs. */
export function stakeOf(...pairs: [Uint8Array, bigint][]): Map<string, bigint> {
  return new Map(pairs.map(([a, s]) => [toHex(a), s]));
}

/** Encodes a body through the method's codec, decodes it strictly, and runs the handler. */
export async function runVoteMethod(
  service: Service,
  name: string,
  ctx: TxContext,
  body: unknown,
): Promise<void> {
  const m = service.methods.find((x) => x.name === name);
  if (!m) throw new RangeError(`no method ${name}`);
  const decoded = decodeWith(m.body, encodeWith(m.body, body));
  await m.handle(ctx, decoded);
}

/** A stake source returning the same snapshot for every epoch, or the one set for an epoch. */
export class FakeStake implements StakeSource {
  readonly byEpoch = new Map<bigint, Map<string, bigint>>();
  constructor(public fallback: Map<string, bigint> = new Map()) {}

  async snapshot(epoch: bigint): Promise<ReadonlyMap<string, bigint>> {
    return this.byEpoch.get(epoch) ?? this.fallback;
  }
}
