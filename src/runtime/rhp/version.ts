import type { Version } from './messages/common.js';

/**
 * The RHP version Tandem speaks. Major 5 like Oasis Core's runtime host protocol (the framing,
 * envelope and the variants Tandem implements keep Oasis's names and shapes); minor 0 because
 * Tandem implements a subset of Oasis 5.1's message set (no TEE, RPC or key-manager variants).
 * Host and runtime must agree on the major version.
 */
export const PROTOCOL_VERSION: Readonly<Version> = Object.freeze({ major: 5, minor: 0, patch: 0 });

/** True when a peer speaking `v` can talk to this implementation. */
export function compatibleVersion(v: Version): boolean {
  return v.major === PROTOCOL_VERSION.major;
}

/** `major.minor.patch`. */
export function versionToString(v: Version): string {
  return `${v.major}.${v.minor}.${v.patch}`;
}
