/** Chain methods: status, blocks, transactions, validators, epoch. */
import { blockJ, epochJ, statusJ, txJ, validatorSetJ } from '../encode.js';
import { nullableJ } from '../json-codec.js';
import { getBlockParams, getValidatorsParams, hashParams, noParams } from '../params.js';
import { defineMethod } from './types.js';

const maybeBlock = nullableJ(blockJ);
const maybeTx = nullableJ(txJ);

/** `status` → node status. */
export const status = defineMethod(noParams, async ({ backend }) => statusJ.encode(await backend.status()));

/** `getBlock {height}` → block or null. */
export const getBlock = defineMethod(getBlockParams, async ({ backend }, p) =>
  maybeBlock.encode(await backend.getBlock(p.height)),
);

/** `getBlockByHash {hash}` → block or null. */
export const getBlockByHash = defineMethod(hashParams, async ({ backend }, p) =>
  maybeBlock.encode(await backend.getBlockByHash(p.hash)),
);

/** `getTx {hash}` → included transaction or null. */
export const getTx = defineMethod(hashParams, async ({ backend }, p) =>
  maybeTx.encode(await backend.getTx(p.hash)),
);

/** `getValidators {height?}` → validator set. */
export const getValidators = defineMethod(getValidatorsParams, async ({ backend }, p) =>
  validatorSetJ.encode(await backend.getValidators(p.height)),
);

/** `getEpoch` → current epoch. */
export const getEpoch = defineMethod(noParams, async ({ backend }) =>
  epochJ.encode(await backend.getEpoch()),
);
