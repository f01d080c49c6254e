// Not a benchmark: a CPU profiler for processes whose command line cannot carry `--cpu-prof`
// (NODE_OPTIONS refuses it), such as a runtime started by the host. Load it with
// `NODE_OPTIONS=--import=<abs path>/dist/bench/_prof-hook.js` and `TANDEM_PROF_DIR=<dir>`: the
// profile is written to `<dir>/<pid>.cpuprofile` when the process exits.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const dir = process.env.TANDEM_PROF_DIR;
if (dir) {
  const s = new Session();
  s.connect();
  s.post('Profiler.enable');
  s.post('Profiler.setSamplingInterval', { interval: 200 });
  s.post('Profiler.start');
  process.on('exit', () => {
    // A session on the process's own thread answers synchronously, so this runs before exit.
    s.post('Profiler.stop', (err, r) => {
      if (!err) writeFileSync(`${dir}/${process.pid}.cpuprofile`, JSON.stringify(r.profile));
    });
  });
}
