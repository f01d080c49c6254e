/** `tandem debug …`: tools for checking Tandem's formats independently. */
import type { Command } from 'commander';
import { registerMkvsDebug } from './debug-mkvs.js';
import { registerVrfDebug } from './debug-vrf.js';

export function registerDebugCommands(program: Command): void {
  const debug = program.command('debug').description('debugging and independent-checking tools');
  registerMkvsDebug(debug);
  registerVrfDebug(debug);
}
