/** An in-process local network that makes state-sync checkpoints, for the state-sync tests. */
import { type InProcessLocalnet, type LocalnetCommit, startInProcessLocalnet } from '../../src/node/index.js';
import { SIM_TIMEOUTS } from '../../src/sim/index.js';
import { until } from './until.js';

/**
 * Two validators in `dir` making a checkpoint every 4 heights; returns once two checkpoints are
 * offered and block h + 1 of the newest is decided (a joiner needs it).
 */
export async function checkpointingLocalnet(
  dir: string,
  onCommit?: (c: LocalnetCommit) => void,
): Promise<InProcessLocalnet> {
  const net = await startInProcessLocalnet({
    dir,
    validators: 2,
    timeouts: SIM_TIMEOUTS,
    checkpointInterval: 4n,
    ...(onCommit ? { onCommit } : {}),
  });
  const src = net.validators[0]!.checkpoints!;
  try {
    await until('two checkpoints below the tip', () => {
      const l = src.list();
      return l.length >= 2 && net.apps[0]!.committed.height > l[0]!.height + 1n;
    });
  } catch (e) {
    await net.stop();
    throw e;
  }
  return net;
}
