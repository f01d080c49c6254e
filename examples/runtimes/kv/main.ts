/** Process entry of the kv example runtime (imported by its bundle's executable). */
import { runRuntime } from '../../../src/runtime/sdk/index.js';
import { kvRuntime } from './runtime.js';

await runRuntime(kvRuntime);
