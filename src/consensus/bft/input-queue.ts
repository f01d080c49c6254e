/**
 * The driver's serial input queue: every input (start-up recovery, a peer's message, a timer)
 * runs alone and in arrival order, so the engine sees one at a time and a run is reproducible.
 * Once stopped, queued inputs are skipped.
 */
export class InputQueue {
  private tail: Promise<void> = Promise.resolve();
  private stoppedFlag = false;

  /** True once {@link stop} was called. */
  get stopped(): boolean {
    return this.stoppedFlag;
  }

  /** Run `f` after everything queued before it (also after a failure of those). */
  push(f: () => Promise<void>): Promise<void> {
    const run = async () => {
      if (!this.stoppedFlag) await f();
    };
    this.tail = this.tail.then(run, run);
    return this.tail;
  }

  /** Skip whatever is queued or queued later. */
  stop(): void {
    this.stoppedFlag = true;
  }

  /** Stop, then wait for the input being handled to finish. */
  async close(): Promise<void> {
    this.stoppedFlag = true;
    await this.tail.catch(() => {});
  }
}
