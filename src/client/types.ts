/** Options and small types of {@link TandemClient}. */
/** Options of {@link TandemClient}. */
export interface TandemClientOptions {
  /** HTTP endpoint, e.g. `http://127.0.0.1:8545/`. */
  url: string;
  /** WebSocket endpoint, needed for {@link TandemClient.subscribe}. */
  wsUrl?: string;
  /** Per-call timeout (default 30 s); submissions that wait get their own wait added. */
  timeoutMs?: number;
  /** Largest response accepted (default 16 MiB). */
  maxResponseBytes?: number;
}

/** How `submitTx` waits. */
export interface SubmitOptions {
  wait?: 'none' | 'inclusion' | 'execution';
  /** Stake threshold for `wait: "execution"` (APE-19). */
  minStake?: bigint;
  timeoutMs?: number;
}

/** An active subscription. */
export interface Subscription {
  readonly id: string;
  unsubscribe(): Promise<void>;
}

/** An address as bytes (21) or bech32 text. */
export type AddressInput = Uint8Array | string;
