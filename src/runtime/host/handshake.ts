/**
 * The host's handshake with a freshly connected runtime: RHP `RuntimeInfoRequest` within a
 * deadline, a compatible protocol major version, and a runtime version equal to the bundle
 * manifest's (spec/oasis.md §9). Failures become {@link HostError}s with a precise code.
 */
import { fromHex } from '../../common/index.js';
import {
  type Connection,
  hostHandshake,
  RhpError,
  type RuntimeInfoRequest,
  type RuntimeInfoResponse,
  type Version,
  versionToString,
} from '../rhp/index.js';
import { HostError } from './errors.js';
import type { RuntimeBundle } from './provisioner.js';

/** What the host tells every runtime about the consensus it runs under. */
export type ConsensusInfo = Omit<RuntimeInfoRequest, 'runtime_id'>;

function sameVersion(a: Version, b: Version): boolean {
  return a.major === b.major && a.minor === b.minor && a.patch === b.patch;
}

function hostErrorOf(e: unknown, timeoutMs: number): HostError {
  if (e instanceof HostError) return e;
  if (RhpError.is(e, RhpError.MODULE, RhpError.TIMEOUT)) {
    return new HostError(HostError.HANDSHAKE_TIMEOUT, `no handshake answer within ${timeoutMs} ms`);
  }
  if (RhpError.is(e, RhpError.MODULE, RhpError.INCOMPATIBLE_VERSION)) {
    return new HostError(HostError.PROTOCOL_VERSION, (e as RhpError).message);
  }
  return new HostError(HostError.HANDSHAKE_FAILED, `handshake failed: ${(e as Error).message}`);
}

/** Run the handshake; on failure the connection is closed and a HostError thrown. */
export async function handshakeRuntime(
  conn: Connection,
  bundle: RuntimeBundle,
  consensus: ConsensusInfo,
  timeoutMs: number,
): Promise<RuntimeInfoResponse> {
  try {
    const runtimeId = fromHex(bundle.manifest.id, 32);
    const res = await hostHandshake(conn, { ...consensus, runtime_id: runtimeId }, timeoutMs);
    const want = bundle.manifest.version;
    if (!sameVersion(res.runtime_version, want)) {
      throw new HostError(
        HostError.RUNTIME_VERSION,
        `runtime reports version ${versionToString(res.runtime_version)}, bundle has ${versionToString(want)}`,
      );
    }
    return res;
  } catch (e) {
    const err = hostErrorOf(e, timeoutMs);
    conn.close(new RhpError(RhpError.CLOSED, err.message));
    throw err;
  }
}
