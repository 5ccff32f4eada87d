/**
 * Runs one socket's commands strictly in arrival order, so a later message can never commit
 * before an earlier one from the same connection.
 */
export class CommandQueue {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  get size(): number {
    return this.pending;
  }

  run(task: () => Promise<void>): Promise<void> {
    this.pending++;
    const next = this.tail.then(task).finally(() => {
      this.pending--;
    });
    // A failed task must not stop the ones behind it; each task reports its own errors.
    this.tail = next.catch(() => undefined);
    return next;
  }

  /** Resolves when everything queued so far has finished. */
  idle(): Promise<void> {
    return this.tail;
  }
}
