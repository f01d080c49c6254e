/**
 * What the registry's checks and writes need, built once per transaction or genesis entry, so
 * that genesis descriptors go through exactly the code transactions do.
 */
import type { BlockContext, TxContext } from '../../../consensus/index.js';
import { REGISTRY_MODULE, RegistryError, type RegistryParams, type StakeClaims } from '../api/index.js';
import { RegistryStateWriter } from '../state/index.js';
import { entityContext, genesisEntityContext, genesisNodeContext, nodeContext } from './open.js';

/** The environment of one registration. */
export interface RegistryEnv {
  readonly w: RegistryStateWriter;
  readonly ctx: BlockContext;
  readonly epoch: bigint;
  readonly params: RegistryParams;
  readonly claims: StakeClaims;
  /** The transaction signer; null at genesis, where each descriptor signs for itself. */
  readonly txSigner: Uint8Array | null;
  /** Signature context of entity descriptors (chain-separated, or the genesis one). */
  readonly entityContext: string;
  /** Signature context of node descriptors (chain-separated, or the genesis one). */
  readonly nodeContext: string;
  /** Charges gas (a no-op at genesis). */
  useGas(amount: bigint): void;
  /** Emits a registry event. */
  emit(kind: string, value: unknown): void;
}

function makeEnv(
  ctx: BlockContext,
  params: RegistryParams,
  claims: StakeClaims,
  txSigner: Uint8Array | null,
  useGas: (n: bigint) => void,
): RegistryEnv {
  return {
    w: new RegistryStateWriter(ctx.state),
    ctx,
    epoch: ctx.epoch,
    params,
    claims,
    txSigner,
    entityContext: txSigner === null ? genesisEntityContext() : entityContext(ctx.chainContext),
    nodeContext: txSigner === null ? genesisNodeContext() : nodeContext(ctx.chainContext),
    useGas,
    emit: (kind, value) => ctx.emit({ module: REGISTRY_MODULE, kind, value }),
  };
}

/** Environment of a transaction; NOT_INITIALIZED before genesis. */
export async function txEnv(ctx: TxContext, claims: StakeClaims): Promise<RegistryEnv> {
  const params = await new RegistryStateWriter(ctx.state).params();
  return makeEnv(ctx, params, claims, ctx.signer, (n) => ctx.useGas(n));
}

/** Environment of a genesis entry (no transaction signer, no gas). */
export function genesisEnv(ctx: BlockContext, params: RegistryParams, claims: StakeClaims): RegistryEnv {
  return makeEnv(ctx, params, claims, null, () => {});
}

/**
 * Environment of a change another program drives within a block (a runtime's own registry
 * message): like genesis, no transaction signer and no gas; NOT_INITIALIZED before genesis.
 */
export async function blockEnv(ctx: BlockContext, claims: StakeClaims): Promise<RegistryEnv> {
  const params = await new RegistryStateWriter(ctx.state).params();
  return makeEnv(ctx, params, claims, null, () => {});
}

/** INCORRECT_TX_SIGNER unless the transaction (if any) is signed by `expected`. */
export function requireTxSigner(env: RegistryEnv, expected: Uint8Array, what: string): void {
  if (env.txSigner !== null && Buffer.compare(env.txSigner, expected) !== 0) {
    throw new RegistryError(
      RegistryError.INCORRECT_TX_SIGNER,
      `registry: ${what} must be signed by its own key`,
    );
  }
}
