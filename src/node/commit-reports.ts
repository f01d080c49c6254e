/**
 * The UED reports a commit carries (APE-15): each precommit's extension names the latest UED
 * height and hash of the validator that signed it, the validator being found by its index in
 * the set that decided the block. Extensions that are empty or not a report are skipped.
 */
import { decodeWith } from '../common/index.js';
import { commitCodec, MAX_MESSAGE_BYTES, type Validator } from '../consensus/bft/index.js';
import { decodeUedReport } from '../domains/index.js';
import type { ValidatorReport } from './execution-source.js';

/** The reports in stored commit bytes, for the validator set that signed them. */
export function reportsOfCommit(commit: Uint8Array, set: readonly Validator[]): ValidatorReport[] {
  const c = decodeWith(commitCodec, commit, { maxSize: MAX_MESSAGE_BYTES });
  const out: ValidatorReport[] = [];
  for (const v of c.votes) {
    const val = set[v.body.validator];
    const r = val === undefined ? undefined : decodeUedReport(v.body.extension);
    if (val && r) out.push({ validator: val.pubKey, height: r.height, hash: r.hash });
  }
  return out;
}
