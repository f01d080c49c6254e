/**
 * `tandem debug vrf prove|verify`: ECVRF-EDWARDS25519-SHA512-ELL2 (RFC 9381) from the command
 * line, so proofs and outputs can be checked against any other implementation. Output forms are
 * fixed: `prove` prints the proof (hex) and then the output beta (hex), one per line; `verify`
 * prints beta, or fails with the reason on stderr and a non-zero exit status.
 */
import type { Command } from 'commander';
import {
  ecvrfProofToHash,
  ecvrfProve,
  ecvrfVerify,
  fromHex,
  TandemError,
  toHex,
} from '../../common/index.js';
import { CliError } from '../errors.js';

/** Parse an option's hex value, naming the option when it is not hex. */
function hexOption(option: string, value: string): Uint8Array {
  try {
    return fromHex(value);
  } catch (e) {
    if (!(e instanceof TandemError)) throw e;
    throw new CliError(CliError.BAD_ARGUMENT, `${option}: ${e.message}`);
  }
}

/** Register `debug vrf …` under the `debug` group. */
export function registerVrfDebug(debug: Command): void {
  const vrf = debug.command('vrf').description('ECVRF-EDWARDS25519-SHA512-ELL2 proofs (RFC 9381)');
  vrf
    .command('prove')
    .description('print the proof of alpha (hex), then its output beta (hex)')
    .requiredOption('--secret-key <hex>', '32-byte Ed25519 secret seed')
    .requiredOption('--alpha <hex>', 'VRF input (may be empty)')
    .action((o: { secretKey: string; alpha: string }) => {
      const pi = ecvrfProve(hexOption('--secret-key', o.secretKey), hexOption('--alpha', o.alpha));
      process.stdout.write(`${toHex(pi)}\n${toHex(ecvrfProofToHash(pi))}\n`);
    });
  vrf
    .command('verify')
    .description('verify a proof; print its output beta (hex), or fail with the reason')
    .requiredOption('--public-key <hex>', '32-byte VRF public key')
    .requiredOption('--alpha <hex>', 'VRF input (may be empty)')
    .requiredOption('--proof <hex>', '80-byte proof')
    .action((o: { publicKey: string; alpha: string; proof: string }) => {
      const beta = ecvrfVerify(
        hexOption('--public-key', o.publicKey),
        hexOption('--alpha', o.alpha),
        hexOption('--proof', o.proof),
      );
      process.stdout.write(`${toHex(beta)}\n`);
    });
}
