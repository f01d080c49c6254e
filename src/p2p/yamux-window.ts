/**
 * Window updates of yamux streams only once half the receive window is used, as Go's yamux (and
 * the hashicorp implementation the protocol comes from) sends them. The js yamux stream of the
 * pinned `@chainsafe/libp2p-yamux` 7 answers every chunk its reader consumes with a window-update
 * frame whenever its window is not full: with direct push of consensus messages of a few hundred
 * bytes that was one frame back for every message, each costing a Noise encryption and a socket
 * write on the receiver and the mirror on the sender (netperf4 profiles). The rule changes nothing
 * a peer can see except fewer frames: a sender still has at least half a window (128 KiB at
 * first) ahead of it, and a stream that is opening (SYN/ACK flags to send) gets its update at once.
 *
 * This wraps a method of the package's exported stream class. {@link halfWindowUpdates} checks that
 * the class, its states and the method are what it was written against, and otherwise leaves the
 * stock behaviour in place; test/p2p/yamux-window.test.ts fails when it is not applied.
 */
import { StreamState, YamuxStream } from '@chainsafe/libp2p-yamux/stream';

/** The fields of a yamux stream the rule reads (private in the package's types). */
interface WindowState {
  state: StreamState;
  recvWindow: number;
  recvWindowCapacity: number;
}

type Patchable = { sendWindowUpdate(this: WindowState): void; tandemHalfWindow?: true };

/** Apply the rule to every yamux stream of this process; true when it is in place. */
export function halfWindowUpdates(): boolean {
  const proto = YamuxStream.prototype as unknown as Patchable;
  if (proto.tandemHalfWindow === true) return true;
  const original = proto.sendWindowUpdate;
  if (typeof original !== 'function' || StreamState.Init !== 0 || StreamState.SYNReceived !== 2) return false;
  proto.sendWindowUpdate = function (this: WindowState): void {
    const opening = this.state === StreamState.Init || this.state === StreamState.SYNReceived;
    if (!opening && this.recvWindowCapacity * 2 > this.recvWindow) return;
    original.call(this);
  };
  proto.tandemHalfWindow = true;
  return true;
}
