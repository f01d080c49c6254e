/**
 * Key formats the system program uses. Its accounts are the executor's account records and its
 * remap requests the executor's pending remaps (the executor moves them at epoch boundaries), so
 * their formats live with the executor and are re-exported here; the program adds one record:
 * - `0x10 ‖ "created"` → u64be number of accounts created through `system.CreateAccount`.
 */
import { concatBytes, utf8 } from '../../../common/index.js';
import { statePrefix } from '../../../consensus/index.js';

export { accountKey, remapEpochPrefix, remapKey } from '../../../consensus/index.js';

/** Key of the created-accounts counter. */
export const CREATED_COUNT_KEY: Uint8Array = concatBytes(statePrefix('system'), utf8('created'));
