/**
 * An in-memory, connected pair of byte streams: what one end writes, the other reads. Used to
 * run a host and a runtime connection in one process (tests, the simulator).
 */
import { Duplex } from 'node:stream';

/** Two connected duplex streams; destroying or ending one ends the other's input. */
export function duplexPair(): [Duplex, Duplex] {
  const ends: Duplex[] = [];
  const eof = [false, false];
  const endInput = (i: number): void => {
    const s = ends[i]!;
    if (eof[i] || s.destroyed) return;
    eof[i] = true;
    s.push(null);
  };
  const make = (self: number): Duplex => {
    const peer = 1 - self;
    return new Duplex({
      read() {},
      write(chunk: Uint8Array, _enc, cb) {
        const p = ends[peer]!;
        if (!eof[peer] && !p.destroyed) p.push(chunk);
        cb();
      },
      final(cb) {
        endInput(peer);
        cb();
      },
      destroy(err, cb) {
        endInput(peer);
        cb(err);
      },
    });
  };
  ends.push(make(0), make(1));
  return [ends[0]!, ends[1]!];
}
