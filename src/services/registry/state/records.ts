/** Records only the registry's state holds (not part of any descriptor). */
import { type Infer, struct, u64 } from '../../../common/index.js';

/** A runtime's suspension: the epoch it was suspended at (RT-24, RT-25). */
export const runtimeSuspensionCodec = struct({ since: u64 }, 'RuntimeSuspension');
/** A runtime's suspension. */
export type RuntimeSuspension = Infer<typeof runtimeSuspensionCodec>;
