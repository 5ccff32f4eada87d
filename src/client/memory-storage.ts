/**
 * Built as its own file (`dist/parley-memory-storage.js`) and loaded only when the browser's
 * IndexedDB cannot be used: an in-memory IndexedDB the cache then runs on.
 */
export { indexedDB, IDBKeyRange } from 'fake-indexeddb';
