import type { Kysely, Transaction } from 'kysely';
import { MessageWriter } from './message-writer.js';
import type { Database } from './schema.js';

/**
 * A MessageWriter that reports how long each write took to commit, as its caller waits for it:
 * the wait for the next group commit plus the commit itself (the store latency in every ack).
 */
export class MeasuredMessageWriter extends MessageWriter {
  constructor(
    db: Kysely<Database>,
    private readonly observe: (seconds: number) => void,
  ) {
    super(db);
  }

  override write<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    const started = performance.now();
    return super.write(work).finally(() => this.observe((performance.now() - started) / 1000));
  }
}
