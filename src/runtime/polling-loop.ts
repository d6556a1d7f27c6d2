/**
 * The background loop of a polling worker (the outbox worker, the pg-boss timer worker): start it
 * once, sleep between empty rounds in a way `wake()` cuts short, and stop it waiting for the round
 * in progress. Internal to kefu.
 */
export class PollingLoop {
  #loop: Promise<void> | undefined;
  #stopping = false;
  #wake: (() => void) | undefined;

  /** Whether {@link stop} was called since the loop started: the loop's `while` condition. */
  get stopping(): boolean {
    return this.#stopping;
  }

  /** Run `loop` in the background, unless it already runs. */
  start(loop: () => Promise<void>): void {
    if (this.#loop) return;
    this.#stopping = false;
    this.#loop = loop();
  }

  /** Sleep `ms`, or until {@link wake} or {@link stop}. */
  pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const handle = setTimeout(() => {
        this.#wake = undefined;
        resolve();
      }, ms);
      this.#wake = () => {
        clearTimeout(handle);
        this.#wake = undefined;
        resolve();
      };
    });
  }

  /** End the current pause now (nothing when the loop is not pausing). */
  wake(): void {
    this.#wake?.();
  }

  /** Stop the loop: end its pause, and wait for the round in progress. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    const loop = this.#loop;
    this.#loop = undefined;
    await loop;
  }
}
