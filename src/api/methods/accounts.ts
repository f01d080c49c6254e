/** Account methods. */
import { accountJ, voteAccountJ } from '../encode.js';
import { nullableJ } from '../json-codec.js';
import { addressParams } from '../params.js';
import { defineMethod } from './types.js';

const maybeVoteAccount = nullableJ(voteAccountJ);

/** `getAccount {address}` → account (empty if absent). */
export const getAccount = defineMethod(addressParams, async ({ backend }, p) =>
  accountJ.encode(await backend.getAccount(p.address)),
);

/** `getVoteAccount {address}` → vote account or null. */
export const getVoteAccount = defineMethod(addressParams, async ({ backend }, p) =>
  maybeVoteAccount.encode(await backend.getVoteAccount(p.address)),
);
