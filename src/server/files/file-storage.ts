import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * Where uploaded bytes live. The local disk is the default; an object store can implement the
 * same three calls. Keys are server-made ids, never names from a client.
 */
export interface FileStorage {
  /** Streams `source` into a new object and answers its size; keeps nothing if the stream fails. */
  put(key: string, source: Readable): Promise<number>;
  /** The object's bytes, or undefined when there is none. */
  get(key: string, range?: { start: number; end: number }): Promise<Readable | undefined>;
  remove(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9_-]{10,64}$/;

/**
 * Files under `<dataDir>/files/`, spread over subfolders by the key's first two characters.
 * A file is on disk (its bytes and its folder entry synced) before `put` answers: a message
 * that points to it is committed durably, and so must be what it points to.
 */
export class LocalDiskStorage implements FileStorage {
  constructor(private readonly root: string) {}

  async put(key: string, source: Readable): Promise<number> {
    const path = this.pathOf(key);
    const folder = dirname(path);
    const created = await mkdir(folder, { recursive: true });
    try {
      // `flush`: fsync before the file is closed.
      await pipeline(source, createWriteStream(path, { flags: 'wx', mode: 0o600, flush: true }));
      await syncFolder(folder);
      // Each folder made just now has its own entry in its parent.
      for (let made = folder; created && made !== dirname(created); made = dirname(made)) await syncFolder(dirname(made));
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
    return (await stat(path)).size;
  }

  async get(key: string, range?: { start: number; end: number }): Promise<Readable | undefined> {
    const path = this.pathOf(key);
    try {
      await stat(path);
    } catch {
      return undefined;
    }
    return createReadStream(path, range);
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    if (!KEY.test(key)) throw new TypeError('not a storage key');
    return join(this.root, key.slice(0, 2), key);
  }
}

/** Makes a folder's entries (a new file's name) durable. */
async function syncFolder(path: string): Promise<void> {
  const folder = await open(path, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
