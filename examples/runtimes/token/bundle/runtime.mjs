#!/usr/bin/env node
// The token example runtime's executable (the bundle's manifest.json is written by
// scripts/build-bundles.js). In the sandbox Tandem's package is bound at /node_modules/tandem;
// run unconfined from Tandem's source tree, the compiled runtime is found relative to this file.
try {
  await import('tandem/dist/examples/runtimes/token/main.js');
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes("'tandem'")) throw e;
  await import('../../../../dist/examples/runtimes/token/main.js');
}
