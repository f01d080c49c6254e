/**
 * Results of a round's runtime messages (spec/oasis.md §3.6 `MessageEvent{module, code, index}`),
 * kept for the runtime's next round. A round's messages run in two domains (registry and
 * governance ones in the VED at finalization, staking ones in the UED of the same height), so each
 * domain keeps the results it produced, per runtime, for the latest round it executed messages of.
 */
import { array, type Infer, struct, text, u32, u64 } from '../../../common/index.js';
import { MAX_COMMITMENT_MESSAGES } from './commitment.js';

/** The outcome of one message; an empty module and code 0 mean it succeeded. */
export const messageResultCodec = struct({ index: u32, module: text(64), code: u32 }, 'MessageResult');
/** The outcome of one message. */
export type MessageResult = Infer<typeof messageResultCodec>;

/** One domain's results of a runtime's round, in execution (index) order. */
export const messageResultsCodec = struct(
  { round: u64, results: array(messageResultCodec, MAX_COMMITMENT_MESSAGES) },
  'MessageResults',
);
/** One domain's results of a runtime's round. */
export type MessageResults = Infer<typeof messageResultsCodec>;
