import { CacheDb } from './cache-db.js';

/** Where the cache lives: the browser's IndexedDB, or memory for this page only. */
export type StorageMode = 'indexeddb' | 'memory';

/** An in-memory IndexedDB implementation, loaded only when the real one fails. */
export interface MemoryIndexedDb {
  indexedDB: IDBFactory;
  IDBKeyRange: typeof IDBKeyRange;
}

export interface OpenedCache {
  db: CacheDb;
  storage: StorageMode;
  /** Why the browser's storage could not be used (an error name), when `storage` is `memory`. */
  reason?: string;
}

/** How long opening may take before it counts as blocked (an old tab holding an older version). */
const OPEN_TIMEOUT_MS = 4000;

/**
 * Opens the user's cache. When IndexedDB is missing, refused (private modes), full, or blocked
 * by an upgrade, the cache moves to memory for this page: chatting keeps working online, only
 * nothing is kept after the page closes.
 */
export async function openCache(name: string, loadMemory: () => Promise<MemoryIndexedDb>): Promise<OpenedCache> {
  let db: CacheDb | undefined;
  try {
    db = new CacheDb(name);
    const opening = db.open();
    await withTimeout(opening, OPEN_TIMEOUT_MS);
    return { db, storage: 'indexeddb' };
  } catch (error) {
    db?.close({ disableAutoOpen: true });
    const memory = await loadMemory();
    const fallback = new CacheDb(name, memory);
    await fallback.open();
    return { db: fallback, storage: 'memory', reason: (error as Error)?.name ?? 'Error' };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error('Opening the cache was blocked'), { name: 'BlockedError' })), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * The default memory implementation comes from the Parley server itself
 * (`/dist/parley-memory-storage.js`), so the main bundle does not carry it.
 */
export function memoryFromServer(server: string): () => Promise<MemoryIndexedDb> {
  return () => import(/* @vite-ignore */ new URL('/dist/parley-memory-storage.js', server).href) as Promise<MemoryIndexedDb>;
}
