/** Options and events of the {@link RuntimeHost}, with Oasis's timing defaults. */
import type { Logger } from '../../common/index.js';
import type { RequestHandler, RuntimeInfoResponse, Timers } from '../rhp/index.js';
import type { HostError } from './errors.js';
import type { ConsensusInfo } from './handshake.js';
import type { Provisioner } from './provisioner.js';
import type { BackoffOptions } from './supervisor/backoff.js';
import type { WatchdogOptions } from './watchdog.js';

/** How a {@link RuntimeHost} runs its runtime. */
export interface RuntimeHostOptions {
  readonly provisioner: Provisioner;
  /** Sent to the runtime in every handshake. */
  readonly consensus: ConsensusInfo;
  /** Answers runtime→host requests (storage sync, consensus blocks, local storage). */
  readonly handler?: RequestHandler;
  /** Where the private runtime dir is created (default: the OS temp dir). */
  readonly runtimeDirBase?: string;
  /** Extra environment for the runtime process. */
  readonly env?: Readonly<Record<string, string>>;
  readonly onStderr?: (line: string) => void;
  readonly logger?: Logger;
  /** Timers (default: real ones); inject fake ones to drive time in tests. */
  readonly timers?: Timers;
  /** Handshake deadline (default 1 s). */
  readonly handshakeTimeoutMs?: number;
  /** Deadline for the process to connect to the socket (default 5 s). */
  readonly connectTimeoutMs?: number;
  /** Watchdog pings (default every 15 s, 5 s timeout). */
  readonly watchdog?: Partial<WatchdogOptions>;
  /** Restart backoff (default 1 s doubling up to 1 h). */
  readonly backoff?: Partial<BackoffOptions>;
  /** Answer deadline of `RuntimeAbortRequest` before the process is killed (default 1 s). */
  readonly abortTimeoutMs?: number;
  /** Grace after `RuntimeShutdownRequest` before the process is killed on stop (default 1 s). */
  readonly shutdownTimeoutMs?: number;
  /** An instance ready this long resets the backoff (default 60 s). */
  readonly stableAfterMs?: number;
  /** Stop restarting after failing this long without a stable run (default 24 h, like Oasis). */
  readonly giveUpAfterMs?: number;
}

/** Lifecycle of a host. */
export type HostState = 'idle' | 'starting' | 'ready' | 'restarting' | 'stopping' | 'stopped';

/** What a host reports to its listeners. */
export type HostEvent =
  | { readonly type: 'started'; readonly pid: number }
  | { readonly type: 'ready'; readonly pid: number; readonly info: RuntimeInfoResponse }
  | { readonly type: 'crashed'; readonly reason: HostError }
  | { readonly type: 'restarting'; readonly delayMs: number; readonly attempt: number }
  | { readonly type: 'stopped' };

/** A host event listener; its errors are ignored. */
export type HostListener = (e: HostEvent) => void;
