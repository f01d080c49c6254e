/** PEM armour for raw key material (`-----BEGIN ED25519 PRIVATE KEY-----`, Oasis's file format). */
import { CommonError } from '../errors.js';
import { fromBase64, toBase64 } from '../hex.js';

/** Wrap bytes as a PEM block of the given type. */
export function encodePem(type: string, der: Uint8Array): string {
  const b64 = toBase64(der);
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${type}-----\n${lines.join('\n')}\n-----END ${type}-----\n`;
}

/** Extract the single PEM block of the given type. */
export function decodePem(type: string, text: string): Uint8Array {
  const re = new RegExp(
    `^-----BEGIN ${type}-----\\r?\\n([A-Za-z0-9+/=\\r\\n]+?)\\r?\\n-----END ${type}-----\\r?\\n?$`,
  );
  const m = re.exec(text.trim().concat('\n'));
  if (!m) throw new CommonError(CommonError.KEY_FILE, `not a PEM block of type ${type}`);
  return fromBase64(m[1]!.replace(/\r?\n/g, ''));
}
