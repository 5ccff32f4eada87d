/**
 * Runs one socket's commands in arrival order, so a later message can never commit before an
 * earlier one from the same connection.
 *
 * A command may release the queue before it finishes, once its place in the commit order is
 * fixed (a send queued into the group-commit writer): the next command then starts while the
 * first waits for its commit. Sends from one socket are thus pipelined into one commit, and
 * still committed and acknowledged in order.
 */
export class CommandQueue {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  get size(): number {
    return this.pending;
  }

  run(task: (release: () => void) => Promise<void>): Promise<void> {
    this.pending++;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const done = this.tail.then(() => task(release)).finally(() => {
      this.pending--;
      release();
    });
    // The next command waits for this one to finish or to release; a failure does not stop it.
    this.tail = Promise.race([released, done.catch(() => undefined)]);
    return done;
  }

  /** Resolves when every command queued so far has started, or released the queue. */
  idle(): Promise<void> {
    return this.tail;
  }
}
