import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Clock } from '../config.js';
import type { Database } from '../store/schema.js';
import type { FileStorage } from './file-storage.js';

/** Uploads removed per sweep at most, so one sweep stays short. */
const BATCH = 500;

/**
 * Removes uploads no message ever used (a cancelled send, a closed tab) once they are older
 * than `maxAgeMs`. The row goes first and only while still unattached, so a send that attaches
 * the upload at the same moment either wins (the file stays) or finds it gone (4xx, nothing sent).
 */
export class OrphanUploads {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly storage: FileStorage,
    private readonly clock: Clock,
    private readonly maxAgeMs: number,
  ) {}

  /** Sweeps now; answers how many uploads were removed. */
  async removeNow(): Promise<number> {
    const cutoff = this.clock.now() - this.maxAgeMs;
    let removed = 0;
    for (;;) {
      const candidates = await this.db
        .selectFrom('uploads')
        .select('id')
        .where('attached_at', 'is', null)
        .where('created_at', '<', cutoff)
        .limit(BATCH)
        .execute();
      for (const { id } of candidates) {
        const { numDeletedRows } = await this.db
          .deleteFrom('uploads')
          .where('id', '=', id)
          .where('attached_at', 'is', null)
          .executeTakeFirst();
        if (numDeletedRows === 0n) continue;
        await this.storage.remove(id);
        removed++;
      }
      if (candidates.length < BATCH) return removed;
    }
  }

  /** Sweeps every `intervalMs` until closed. */
  start(intervalMs: number, logger: Logger): void {
    this.timer = setInterval(() => {
      this.removeNow().then(
        (removed) => removed > 0 && logger.info({ removed }, 'removed uploads no message used'),
        (error: unknown) => logger.error({ err: error }, 'orphan upload sweep failed'),
      );
    }, intervalMs);
    this.timer.unref();
  }

  close(): void {
    clearInterval(this.timer);
  }
}
