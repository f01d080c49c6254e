#!/usr/bin/env -S node --max-semi-space-size=32
// The token example runtime's executable (the bundle's manifest.json is written by
// scripts/build-bundles.js). In the sandbox Tandem's package is bound at /node_modules/tandem;
// run unconfined from Tandem's source tree, the compiled runtime is found relative to this file.
// A young generation of 32 MiB semi-spaces (node's default is 16): a batch allocates many
// short-lived objects and keeps its tree nodes across batches, and with the default the collector's
// scavenges cost about a fifth of the runtime's CPU per transaction (docs/performance.md, runtime).
try {
  await import('tandem/dist/examples/runtimes/token/main.js');
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes("'tandem'")) throw e;
  await import('../../../../dist/examples/runtimes/token/main.js');
}
