/** The shape of a `tandem tx` subcommand: its own options plus the common ones (tx-send.ts). */
import type { Command } from 'commander';
import type { Codec } from '../../common/index.js';
import { withRpc } from '../rpc.js';
import { type SendOptions, type SpecBuilder, sendTx } from '../tx-send.js';

/** The body of a codec as the CBOR data model a transaction carries. */
export function bodyOf<T>(codec: Codec<T>, v: T): unknown {
  return codec.toCbor(v, 'body');
}

/** A `tx` subcommand with the common options; `build` turns its own options into a spec. */
export function txCommand<O>(
  parent: Command,
  name: string,
  description: string,
  own: (c: Command) => Command,
  build: (o: O & SendOptions) => SpecBuilder,
): void {
  const c = withRpc(own(parent.command(name).description(description)))
    .requiredOption('--key <file>', 'key file of the sender (fee payer and signer)')
    .option('--fee <amount>', 'fee paid in full', '10')
    .option('--gas <limit>', 'gas limit', '100000')
    .option('--nonce <n>', "nonce (default: the account's next)")
    .option('--min-stake <stake>', "stake that must report the execution (default: the node's threshold)")
    .option('--timeout <ms>', 'how long to wait for the execution status', '60000')
    .option('--no-wait', 'return once the mempool admitted the transaction');
  c.action(async (o: O & SendOptions) => sendTx(o, build(o)));
}
