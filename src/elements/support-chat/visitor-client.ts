import { CacheDb, cacheDbName } from '../../client/cache-db.js';
import { ChatClient } from '../../client/chat-client.js';
import { type MemoryIndexedDb, memoryFromServer } from '../../client/open-cache.js';
import { profileFromToken } from '../../client/token.js';
import type { VisitorIdentity } from './visitor-identity.js';

/**
 * The anonymous visitor's ChatClient. With `persistent` it caches in IndexedDB like any client;
 * without (the site waits for consent) the cache is in memory, so nothing reaches the disk.
 */
export async function connectVisitorClient(
  server: string,
  identity: VisitorIdentity,
  persistent: boolean,
  memoryStorage: () => Promise<MemoryIndexedDb> = memoryFromServer(server),
): Promise<ChatClient> {
  const tokenProvider = () => identity.currentToken();
  if (persistent) return ChatClient.connect({ server, tokenProvider, memoryStorage });
  const token = await identity.currentToken();
  const memory = await memoryStorage();
  const db = new CacheDb(cacheDbName(server, profileFromToken(token).id), memory);
  await db.open();
  return new ChatClient({ server, token, tokenProvider }, { db, storage: 'memory' });
}

/** Resolves once the client is connected (support commands are not queued like sends); rejects after `timeoutMs`. */
export function whenOnline(client: ChatClient, timeoutMs = 10_000): Promise<ChatClient> {
  if (client.state === 'online') return Promise.resolve(client);
  return new Promise((resolve, reject) => {
    const onChange = () => {
      if (client.state !== 'online') return;
      clearTimeout(timer);
      client.removeEventListener('statechange', onChange);
      resolve(client);
    };
    const timer = setTimeout(() => {
      client.removeEventListener('statechange', onChange);
      reject(new Error('Could not connect to the chat server'));
    }, timeoutMs);
    client.addEventListener('statechange', onChange);
  });
}
