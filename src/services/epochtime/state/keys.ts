/** Key formats of the epochtime service: `0x11 ‖ "current"` → u64be current epoch. */
import { concatBytes, utf8 } from '../../../common/index.js';
import { statePrefix } from '../../../consensus/index.js';

/** Key of the current epoch record. */
export const CURRENT_EPOCH_KEY: Uint8Array = concatBytes(statePrefix('epochtime'), utf8('current'));
