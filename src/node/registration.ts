/**
 * The node's registration worker (as Oasis's): a node whose descriptor is in the registry renews
 * it before it expires, so its p2p key stays admitted (peer-admission.ts) and it stays a candidate
 * for elections. After each committed block it reads its own entry; in the last epoch the entry
 * covers (expiration ≤ epoch + 1) it submits a `registry.RegisterNode` with the same descriptor
 * and the expiration pushed to epoch + `max_node_expiration`, signed by all five node keys under
 * the chain's node context, the transaction signed by the identity key (which pays the fee), at
 * most once per epoch. A node that is not registered (or lacks a key) does nothing: registering
 * first is the operator's act (genesis or `registry.RegisterNode`).
 */
import type { Ed25519Signer, Logger } from '../common/index.js';
import { addressFromPublicKey, multiSignValue } from '../common/index.js';
import { accountKey, decodeAccount, signTransaction } from '../consensus/index.js';
import { type ChainApp, vedView } from '../domains/index.js';
import {
  METHOD_REGISTER_NODE,
  type Node,
  nodeCodec,
  nodeContext,
  RegistryStateReader,
} from '../services/registry/index.js';
import type { SubmitOutcome } from './chain-backend.js';

/** The five keys a node descriptor names (each signs it). */
export interface RegistrationKeys {
  readonly identity: Ed25519Signer;
  readonly consensus: Ed25519Signer;
  readonly p2p: Ed25519Signer;
  readonly tls: Ed25519Signer;
  readonly vrf: Ed25519Signer;
}

/** Fee and gas of a renewal (the localnet's and the CLI's defaults). */
const RENEWAL_FEE = { amount: 10n, gas: 100_000n };

/** See the module header. */
export class NodeRegistrar {
  private renewedAt = -1n;

  constructor(
    private readonly app: ChainApp,
    private readonly keys: RegistrationKeys,
    private readonly submit: (tx: Uint8Array) => Promise<SubmitOutcome>,
    private readonly log: Logger,
  ) {}

  /** Check the entry after a commit; resolves once any renewal was submitted. */
  async onCommitted(): Promise<void> {
    const epoch = this.app.programs.schedule.epochOf(this.app.committed.height);
    if (epoch <= this.renewedAt) return;
    const reader = new RegistryStateReader(vedView(this.app.vedTree));
    const node = await reader.node(this.keys.identity.publicKey);
    if (node === null || node.expiration > epoch + 1n) return;
    const params = await reader.paramsOrNull();
    if (params === null) return;
    this.renewedAt = epoch;
    const tx = await this.renewal({ ...node, expiration: epoch + params.max_node_expiration });
    const r = await this.submit(tx);
    if (r.added) this.log.info({ epoch: String(epoch) }, 'node registration renewed');
    else this.log.warn({ reason: r.error.message }, 'node registration renewal refused');
  }

  /** The signed renewal transaction of descriptor `n`. */
  private async renewal(n: Node): Promise<Uint8Array> {
    const k = this.keys;
    const chain = this.app.programs.params.chainContext;
    const body = multiSignValue(
      [k.identity, k.consensus, k.p2p, k.tls, k.vrf],
      nodeContext(chain),
      nodeCodec,
      n,
    );
    const payer = addressFromPublicKey(k.identity.publicKey);
    const raw = await this.app.vedTree.get(accountKey(payer));
    const nonce = raw === null ? 0n : decodeAccount(raw).nonce;
    return signTransaction(k.identity, chain, {
      nonce,
      fee: RENEWAL_FEE,
      method: METHOD_REGISTER_NODE,
      body,
      accounts: [{ address: payer, writable: true }],
    });
  }
}
