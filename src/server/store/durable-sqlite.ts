import { closeSync, fsyncSync, openSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SelectQueryNode,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import { WalCheckpointer } from './wal-checkpointer.js';

/**
 * Durable commits that do not stop the server while the disk catches up.
 *
 * With `synchronous=FULL`, SQLite calls fsync inside COMMIT; better-sqlite3 is synchronous, so
 * the whole event loop (every socket) waits for the disk, milliseconds at a time. Instead the
 * connection runs with `synchronous=NORMAL` (COMMIT writes the WAL to the OS, no fsync) and this
 * driver syncs the WAL file on libuv's thread pool before the commit returns. The guarantee is the
 * same as FULL — a transaction has not returned until it is on disk — while sockets keep being
 * served. The one connection stays held until the sync is done, so no other query can read a
 * commit before it is durable. Checkpoints (which sync both files) run on a worker thread
 * (wal-checkpointer.ts) for the same reason.
 */
export class DurableSqliteDialect extends SqliteDialect {
  constructor(
    config: SqliteDialectConfig,
    /** The database file the connection has open. */
    private readonly file: string,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    return new DurableSqliteDriver(super.createDriver() as SqliteDriver, this.file);
  }
}

class DurableSqliteDriver implements Driver {
  private wal?: Promise<FileHandle>;
  private checkpointer?: WalCheckpointer;
  private transactionDepth = 0;

  constructor(
    private readonly inner: SqliteDriver,
    private readonly file: string,
  ) {}

  async init(): Promise<void> {
    await this.inner.init();
    const connection = await this.inner.acquireConnection();
    await connection.executeQuery(CompiledQuery.raw('pragma wal_autocheckpoint = 0'));
    this.checkpointer = new WalCheckpointer(this.file, (error) => {
      process.emitWarning(error);
      // Back to SQLite's own checkpoints (in COMMIT) rather than a WAL that only grows.
      void connection.executeQuery(CompiledQuery.raw('pragma wal_autocheckpoint = 1000'));
    });
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    return {
      executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => {
        const result = await connection.executeQuery<R>(query);
        // A write outside a transaction commits by itself: make it durable before returning.
        if (this.transactionDepth === 0 && !isRead(query)) await this.sync();
        return result;
      },
      streamQuery: (query, chunkSize) => connection.streamQuery(query, chunkSize),
    };
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    this.transactionDepth++;
    try {
      await this.inner.beginTransaction(connection);
    } catch (error) {
      this.transactionDepth--;
      throw error;
    }
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await this.inner.commitTransaction(connection);
    } finally {
      this.transactionDepth--;
    }
    await this.sync();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await this.inner.rollbackTransaction(connection);
    } finally {
      this.transactionDepth--;
    }
  }

  savepoint: Driver['savepoint'] = (...args) => this.inner.savepoint!(...args);
  rollbackToSavepoint: Driver['rollbackToSavepoint'] = (...args) => this.inner.rollbackToSavepoint!(...args);
  releaseSavepoint: Driver['releaseSavepoint'] = (...args) => this.inner.releaseSavepoint!(...args);

  releaseConnection(): Promise<void> {
    return this.inner.releaseConnection();
  }

  async destroy(): Promise<void> {
    await this.checkpointer?.close();
    await (await this.wal)?.close();
    // The last connection to close checkpoints everything and removes the WAL.
    await this.inner.destroy();
  }

  private async sync(): Promise<void> {
    this.wal ??= this.openWal().catch((error: unknown) => {
      this.wal = undefined; // try again with the next commit
      throw error;
    });
    await (await this.wal).datasync();
    this.checkpointer?.committed();
  }

  /**
   * SQLite creates the WAL file with the first commit. Its directory entry must be durable too,
   * or a power cut could lose the file that holds the commits.
   */
  private async openWal(): Promise<FileHandle> {
    const wal = await open(`${this.file}-wal`, 'r+');
    const directory = openSync(dirname(this.file), 'r');
    try {
      fsyncSync(directory);
    } finally {
      closeSync(directory);
    }
    return wal;
  }
}

/** Queries that cannot have written anything. */
function isRead(query: CompiledQuery): boolean {
  if (SelectQueryNode.is(query.query)) return true;
  return /^\s*(select|explain|pragma\s+\w+\s*$)/i.test(query.sql);
}
