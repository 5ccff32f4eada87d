import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often, at most, the WAL is copied back into the database file while commits keep coming. */
const MIN_INTERVAL_MS = 100;

/**
 * Copies the WAL back into the database file on a worker thread, with its own connection.
 *
 * SQLite's automatic checkpoint runs inside whichever COMMIT crosses the threshold, and it syncs
 * both files: on the server's one thread that stalls every socket for two fsyncs. A PASSIVE
 * checkpoint from another connection never blocks the writer; if the worker stops, the caller
 * turns the automatic checkpoint back on so the WAL cannot grow without bound.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private running = false;
  private wanted = false;
  private lastRun = 0;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private exited = false;

  constructor(file: string, onFailure: (error: Error) => void) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    // An eval'd CommonJS worker: it needs no TypeScript loader, and loads the driver by its resolved path.
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver } });
    this.worker.unref();
    this.worker.on('message', (reply: { error?: string }) => {
      this.running = false;
      this.lastRun = Date.now();
      if (reply.error) this.fail(new Error(`WAL checkpoint failed: ${reply.error}`), onFailure);
      else if (this.wanted) this.schedule();
    });
    this.worker.on('error', (error) => this.fail(error, onFailure));
    this.worker.on('exit', (code) => {
      this.exited = true;
      this.fail(new Error(`WAL checkpoint worker exited (${code})`), onFailure);
    });
  }

  /** Something was committed: checkpoint soon (coalesced, at most every MIN_INTERVAL_MS). */
  committed(): void {
    this.wanted = true;
    if (!this.running && !this.timer && !this.stopped) this.schedule();
  }

  /** Stops the worker and closes its connection (before the main one closes, which checkpoints last). */
  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.exited) return;
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.worker.ref(); // keep the process alive until the worker's connection is closed
    this.worker.postMessage('close');
    await exited;
  }

  private schedule(): void {
    const wait = Math.max(0, this.lastRun + MIN_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.stopped) return;
      this.wanted = false;
      this.running = true;
      this.worker.postMessage('checkpoint');
    }, wait);
    this.timer.unref();
  }

  private fail(error: Error, onFailure: (error: Error) => void): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    void this.worker.terminate();
    onFailure(error);
  }
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
parentPort.on('message', (command) => {
  if (command === 'close') {
    db.close();
    process.exit(0);
  }
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({});
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
});
`;
