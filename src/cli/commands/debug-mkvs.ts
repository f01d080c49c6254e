/**
 * `tandem debug mkvs root|proof|verify`: build a tree from a JSON list of operations, print its
 * root or a SyncGet proof, or verify a proof. These also let anyone check the store independently
 * against another implementation, so their input and output forms are fixed.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { decodeWith, encodeWith, fromBase64, fromHex, toBase64, toHex } from '../../common/index.js';
import { buildGetProof, lookupInProof, proofCodec, Tree, verifyProof } from '../../mkvs/index.js';
import { CliError } from '../errors.js';

const hex = z.string().regex(/^(?:[0-9a-fA-F]{2})*$/, 'hex digits, even length');
const opSchema = z.array(
  z.discriminatedUnion('op', [
    z.strictObject({ op: z.literal('insert'), key_hex: hex, value_hex: hex.nullable().optional() }),
    z.strictObject({ op: z.literal('remove'), key_hex: hex, value_hex: z.null().optional() }),
  ]),
);

async function treeFromOps(file: string): Promise<Tree> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliError(CliError.BAD_FILE, `cannot read ops file ${file}: ${(e as Error).message}`);
  }
  const ops = opSchema.parse(parsed);
  const t = new Tree();
  for (const o of ops) {
    if (o.op === 'insert') await t.insert(fromHex(o.key_hex), o.value_hex ? fromHex(o.value_hex) : null);
    else await t.remove(fromHex(o.key_hex));
  }
  return t;
}

/** Register `debug mkvs …` under the `debug` group. */
export function registerMkvsDebug(debug: Command): void {
  const mkvs = debug.command('mkvs').description('inspect and check the Merklized key-value store');
  mkvs
    .command('root')
    .description('apply a JSON list of operations to an empty tree and print the root hash')
    .requiredOption(
      '--ops <file>',
      'JSON array of {"op":"insert","key_hex","value_hex"} / {"op":"remove","key_hex"}',
    )
    .action(async (o: { ops: string }) => {
      const t = await treeFromOps(o.ops);
      process.stdout.write(`${toHex(t.rootHash())}\n`);
    });
  mkvs
    .command('proof')
    .description('print the base64 CBOR SyncGet proof (no siblings) for a key')
    .requiredOption('--ops <file>', 'operations file, as for `root`')
    .requiredOption('--key <hex>', 'key to prove')
    .option('--proof-version <v>', '0 or 1', '0')
    .action(async (o: { ops: string; key: string; proofVersion: string }) => {
      const v = z.enum(['0', '1']).parse(o.proofVersion);
      const t = await treeFromOps(o.ops);
      const proof = await buildGetProof(t, fromHex(o.key), v === '1' ? 1 : 0);
      process.stdout.write(`${toBase64(encodeWith(proofCodec, proof))}\n`);
    });
  mkvs
    .command('verify')
    .description('verify a proof against a root; print the value (hex) or "absent"')
    .requiredOption('--root <hex>', 'trusted root hash')
    .requiredOption('--key <hex>', 'key the proof is for')
    .requiredOption('--proof <base64>', 'base64 of the CBOR proof')
    .action((o: { root: string; key: string; proof: string }) => {
      const proof = decodeWith(proofCodec, fromBase64(o.proof));
      const tree = verifyProof(fromHex(o.root, 32), proof);
      const v = lookupInProof(tree, fromHex(o.key));
      process.stdout.write(`${v === null ? 'absent' : toHex(v)}\n`);
    });
}
