/** Process entry of the token example runtime (imported by its bundle's executable). */
import { runRuntime } from '../../../src/runtime/sdk/index.js';
import { tokenRuntime } from './runtime.js';

await runRuntime(tokenRuntime);
