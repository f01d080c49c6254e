// The UED jobs and outcomes of random blocks run by an inline app: the reference the UED worker
// tests feed to workers on either store and compare against.
import type { GenesisDocument } from '../../src/consensus/index.js';
import { ChainApp, type UedJob, type UedOutcome } from '../../src/domains/index.js';
import { step } from './chain-app.js';
import { RandomBlocks } from './composed-blocks.js';

/** `heights` heights of random blocks (generator seed `seed`) run inline: each job and its outcome. */
export async function recordUedJobs(
  genesis: GenesisDocument,
  seed: number,
  heights: number,
): Promise<{ job: UedJob; out: UedOutcome }[]> {
  const app = await ChainApp.create({ genesis });
  const seen: { job: UedJob; out: UedOutcome }[] = [];
  const run = app.ued.run.bind(app.ued);
  app.ued.run = async (job) => {
    const out = await run(job);
    seen.push({ job, out });
    return out;
  };
  const gen = new RandomBlocks(seed, app);
  for (let h = 1; h <= heights; h++) {
    const { txs, evidence } = await gen.next();
    await step(app, txs, { evidence });
  }
  await app.close();
  return seen;
}
