import { closeSync, fsyncSync, openSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SelectQueryNode,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';

/**
 * Durable commits that do not stop the server while the disk catches up.
 *
 * With `synchronous=FULL`, SQLite calls fsync inside COMMIT; better-sqlite3 is synchronous, so
 * the whole event loop (every socket) waits for the disk, milliseconds at a time. Instead the
 * connection runs with `synchronous=NORMAL` (COMMIT writes the WAL to the OS, no fsync) and this
 * driver syncs the WAL file on libuv's thread pool before the commit returns. The guarantee is the
 * same as FULL — a transaction has not returned until it is on disk — while sockets keep being
 * served. The one connection stays held until the sync is done, so no other query can read a
 * commit before it is durable. (With NORMAL, SQLite still syncs the WAL before each checkpoint
 * and the database after it.)
 */
export class DurableSqliteDialect extends SqliteDialect {
  constructor(
    config: SqliteDialectConfig,
    private readonly walFile: string,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    return new DurableSqliteDriver(super.createDriver() as SqliteDriver, this.walFile);
  }
}

class DurableSqliteDriver implements Driver {
  private wal?: Promise<FileHandle>;
  private transactionDepth = 0;

  constructor(
    private readonly inner: SqliteDriver,
    private readonly walFile: string,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
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
    await (await this.wal)?.close();
    await this.inner.destroy();
  }

  private async sync(): Promise<void> {
    this.wal ??= this.openWal().catch((error: unknown) => {
      this.wal = undefined; // try again with the next commit
      throw error;
    });
    await (await this.wal).datasync();
  }

  /**
   * SQLite creates the WAL file with the first commit. Its directory entry must be durable too,
   * or a power cut could lose the file that holds the commits.
   */
  private async openWal(): Promise<FileHandle> {
    const wal = await open(this.walFile, 'r+');
    const directory = openSync(dirname(this.walFile), 'r');
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
