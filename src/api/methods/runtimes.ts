/** Runtime methods (issue 6): descriptors and chains, blocks, committees, nodes, round results. */
import { arrayJ, nullableJ } from '../json-codec.js';
import { committeesParams, nodeParams, noParams, runtimeBlockParams, runtimeParams } from '../params.js';
import { committeesJ, nodeJ, roundResultsJ, runtimeBlockJ, runtimeJ } from '../runtime-encode.js';
import { defineMethod } from './types.js';

const runtimesJ = arrayJ(runtimeJ);
const maybeBlock = nullableJ(runtimeBlockJ);
const maybeNode = nullableJ(nodeJ);
const maybeResults = nullableJ(roundResultsJ);

/** `getRuntimes` → every runtime the registry or roothash knows, in id order. */
export const getRuntimes = defineMethod(noParams, async ({ backend }) =>
  runtimesJ.encode(await backend.getRuntimes()),
);

/** `getRuntime {id}` → descriptor and chain; an unknown id is roothash's UNKNOWN_RUNTIME. */
export const getRuntime = defineMethod(runtimeParams, async ({ backend }, p) =>
  runtimeJ.encode(await backend.getRuntime(p.id)),
);

/** `getRuntimeBlock {id, round?}` → the latest block, or the one of `round` if kept, else null. */
export const getRuntimeBlock = defineMethod(runtimeBlockParams, async ({ backend }, p) =>
  maybeBlock.encode(await backend.getRuntimeBlock(p.id, p.round)),
);

/** `getCommittees {id, epoch?}` → the runtime's committees at the epoch (current by default). */
export const getCommittees = defineMethod(committeesParams, async ({ backend }, p) =>
  committeesJ.encode(await backend.getCommittees(p.id, p.epoch)),
);

/** `getNode {id}` → registered node with its status, or null. */
export const getNode = defineMethod(nodeParams, async ({ backend }, p) =>
  maybeNode.encode(await backend.getNode(p.id)),
);

/** `getRoundResults {id}` → the last normal round's results, or null before the first one. */
export const getRoundResults = defineMethod(runtimeParams, async ({ backend }, p) =>
  maybeResults.encode(await backend.getRoundResults(p.id)),
);
