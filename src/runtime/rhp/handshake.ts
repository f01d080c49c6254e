/**
 * The host side of the RHP handshake: send `RuntimeInfoRequest`, require a compatible protocol
 * major version, and move the connection to `ready`. (The runtime side is answered by the
 * connection itself, which routes the request to the runtime's handler.)
 */
import type { Connection } from './connection.js';
import { RhpError } from './errors.js';
import type { RuntimeInfoRequest, RuntimeInfoResponse } from './messages/to-runtime.js';
import { compatibleVersion, PROTOCOL_VERSION, versionToString } from './version.js';

/**
 * Perform the handshake on a fresh host-side connection. On any failure (timeout, error answer,
 * incompatible version) the connection is closed and the error is thrown.
 */
export async function hostHandshake(
  conn: Connection,
  info: RuntimeInfoRequest,
  timeoutMs: number,
): Promise<RuntimeInfoResponse> {
  if (conn.state !== 'uninitialized') {
    throw new RhpError(RhpError.NOT_READY, `handshake on a connection in state ${conn.state}`);
  }
  conn.setState('initializing');
  try {
    const res = await conn.request('RuntimeInfoRequest', info, { timeoutMs });
    if (!compatibleVersion(res.protocol_version)) {
      throw new RhpError(
        RhpError.INCOMPATIBLE_VERSION,
        `runtime speaks RHP ${versionToString(res.protocol_version)}, host ${versionToString(PROTOCOL_VERSION)}`,
      );
    }
    conn.setState('ready');
    return res;
  } catch (e) {
    const err = e instanceof RhpError ? e : new RhpError(RhpError.MALFORMED_MESSAGE, String(e));
    conn.close(err);
    throw err;
  }
}
