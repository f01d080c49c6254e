/** Software versions `{major, minor, patch}` (zero fields omitted, as Oasis encodes them). */
import { type Infer, struct, u16, withDefault } from '../../../common/index.js';

/** A version; each part is omitted from the encoding when 0. */
export const versionCodec = struct(
  { major: withDefault(u16, 0), minor: withDefault(u16, 0), patch: withDefault(u16, 0) },
  'Version',
);
/** A version. */
export type Version = Infer<typeof versionCodec>;

/** Whether two versions are equal. */
export function versionEqual(a: Version, b: Version): boolean {
  return a.major === b.major && a.minor === b.minor && a.patch === b.patch;
}

/** Negative, zero or positive as `a` is below, equal to or above `b`. */
export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}
