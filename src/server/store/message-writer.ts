import type { Kysely, Transaction } from 'kysely';
import { ChatError } from '../../protocol/chat-error.js';
import type { Database } from './schema.js';

/**
 * Group commit: every write queued during one turn of the event loop is committed in a single
 * transaction, so one fsync covers many messages while each caller still learns its own
 * outcome only after the commit.
 *
 * A job that throws a ChatError (a refusal) inside the batch must not have written anything
 * (jobs check before they write). If the batch fails for any other reason, each job is retried
 * alone so one bad job cannot fail its neighbours.
 */
export class MessageWriter {
  private queue: Job<unknown>[] = [];
  private scheduled = false;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly db: Kysely<Database>) {}

  /** Writes waiting for the next commit (a metric). */
  get queued(): number {
    return this.queue.length;
  }

  write<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve, reject } as Job<unknown>);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.running = this.running.then(() => this.flush());
        });
      }
    });
  }

  /** Resolves once everything queued so far is committed. */
  async drain(): Promise<void> {
    // A flush empties the queue before its transaction ends, so wait on the running one as well.
    do {
      await new Promise((r) => setImmediate(r));
      await this.running;
    } while (this.scheduled || this.queue.length > 0);
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    this.scheduled = false;
    const outcomes: Outcome[] = [];
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const job of batch) {
          try {
            outcomes.push({ ok: true, value: await job.work(trx) });
          } catch (error) {
            if (!(error instanceof ChatError)) throw error;
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch {
      await this.retryOneByOne(batch);
      return;
    }
    batch.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }

  private async retryOneByOne(batch: Job<unknown>[]): Promise<void> {
    for (const job of batch) {
      try {
        job.resolve(await this.db.transaction().execute((trx) => job.work(trx)));
      } catch (error) {
        job.reject(error);
      }
    }
  }
}

interface Job<T> {
  work: (trx: Transaction<Database>) => Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };
