import type { Observable } from 'dexie';
import { cacheDbName } from '../../src/client/cache-db.js';
import { ChatClient, type ChatClientOptions } from '../../src/client/chat-client.js';

let config: Promise<{ serverUrl: string }> | undefined;

/** The URL of the Parley server the test runner started. */
export async function serverUrl(): Promise<string> {
  config ??= fetch('/__parley/config.json').then((r) => r.json() as Promise<{ serverUrl: string }>);
  return (await config).serverUrl;
}

let counter = 0;
/** A user id no other test uses, so tests sharing one server never see each other's data. */
export function uniqueUser(name: string): string {
  counter++;
  return `${name}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}${counter}`;
}

/** A demo token from the real server's demo endpoint. */
export async function tokenFor(user: string): Promise<string> {
  const response = await fetch(`${await serverUrl()}/api/demo/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: user }),
  });
  if (!response.ok) throw new Error(`token for ${user}: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/** A token for user id `user` that expires in `ttlSeconds`. */
export async function shortLivedToken(user: string, ttlSeconds: number): Promise<string> {
  const params = new URLSearchParams({ user, ttl: String(ttlSeconds) });
  return ((await (await fetch(`/__parley/token?${params}`)).json()) as { token: string }).token;
}

const opened: ChatClient[] = [];

/** A connected ChatClient for `user` (closed and its cache deleted by `closeClients`). */
export async function connectClient(user: string, options: Partial<ChatClientOptions> = {}): Promise<ChatClient> {
  const client = await openClient(user, options);
  await until(() => client.state === 'online', `${user} online`);
  return client;
}

/** A ChatClient for `user`, not waiting for the connection (closed by `closeClients`). */
export async function openClient(user: string, options: Partial<ChatClientOptions> = {}): Promise<ChatClient> {
  const client = await ChatClient.connect({ server: await serverUrl(), token: await tokenFor(user), ...options });
  opened.push(client);
  return client;
}

/**
 * A client for `user` whose provider hands out tokens lasting `ttlSeconds`, once online: how many
 * tokens it has handed out so far, and the connection states seen from then on.
 */
export async function renewingClient(user: string, ttlSeconds: number): Promise<{ client: ChatClient; issued(): number; states: string[] }> {
  let issued = 0;
  const tokenProvider = () => {
    issued++;
    return shortLivedToken(user, ttlSeconds);
  };
  const client = await openClient(user, { token: undefined, tokenProvider });
  await until(() => client.state === 'online', 'online');
  const states: string[] = [];
  client.addEventListener('statechange', (event) => states.push((event as CustomEvent<string>).detail));
  return { client, issued: () => issued, states };
}

/**
 * Opens `user`'s cache at a higher version, as a newer widget in another tab would; fails if the
 * page's own client blocks the upgrade. The caller closes what it returns.
 */
export async function openCacheInNewerTab(user: string): Promise<IDBDatabase> {
  const name = cacheDbName(await serverUrl(), user);
  return new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(name, 1000);
    request.onblocked = () => reject(new Error('the upgrade was blocked by the old tab'));
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** The next `count` message:send acks are dropped by the server after it commits. */
export async function dropNextAcks(count: number): Promise<void> {
  await fetch(`/__parley/drop-acks?count=${count}`, { method: 'POST' });
}

/** The admin API, called by the test runner with the master key (as a site's backend would). */
export async function admin<T>(method: string, path: string, body?: unknown): Promise<T> {
  const params = new URLSearchParams({ method, path, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return (await (await fetch(`/__parley/admin?${params}`)).json()) as T;
}

/** The next `count` message:send are refused with RATE_LIMITED and this `retryAfterMs`. */
export async function rateLimitNextSends(count: number, retryAfterMs: number): Promise<void> {
  await fetch(`/__parley/rate-limit-sends?count=${count}&retryAfterMs=${retryAfterMs}`, { method: 'POST' });
}

/** Stops and starts the server on the same port with the same data. */
export async function restartServer(): Promise<void> {
  const response = await fetch('/__parley/restart', { method: 'POST' });
  if (!response.ok) throw new Error(`server restart failed: ${response.status} ${await response.text()}`);
}

/** How many times a message:send with this client id reached the server's ack. */
export async function wireSends(clientId: string): Promise<number> {
  return ((await (await fetch(`/__parley/sends?clientId=${encodeURIComponent(clientId)}`)).json()) as { count: number }).count;
}

/** The URL of a proxy to the server whose connections `cutConnections` drops. */
export async function flakyServerUrl(): Promise<string> {
  return ((await (await fetch('/__parley/proxy')).json()) as { url: string }).url;
}

/** Drops every connection made through `flakyServerUrl`, as a network outage would (lasting `holdMs`); how many. */
export async function cutConnections(holdMs = 0): Promise<number> {
  return ((await (await fetch(`/__parley/proxy/cut?holdMs=${holdMs}`, { method: 'POST' })).json()) as { cut: number }).cut;
}

/** A proxy to the server that sends some events and acks twice and delays every frame; `duplicated` so far. */
export async function replayingProxy(): Promise<{ url: string; duplicated: number }> {
  return (await (await fetch('/__parley/replaying-proxy')).json()) as { url: string; duplicated: number };
}

/** What the server's database holds for a conversation, by seq. */
export async function storedMessages(cid: string): Promise<{ id: string; seq: number; from: string; clientId: string }[]> {
  return ((await (await fetch(`/__parley/history?cid=${encodeURIComponent(cid)}`)).json()) as { messages: [] }).messages;
}

export async function closeClients(): Promise<void> {
  await Promise.all(opened.splice(0).map((c) => c.close({ clear: true })));
}

type Truthy<T> = Exclude<T, undefined | null | false | 0 | ''>;

/** Polls `check` until it is truthy; fails after `timeoutMs` with `what`. */
export async function until<T>(check: () => T | Promise<T>, what: string, timeoutMs = 5000): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as Truthy<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Opens a message row's actions menu (it exists only while open) and returns its items. */
export async function openActions(message: Element): Promise<HTMLElement[]> {
  message.querySelector<HTMLButtonElement>('button.actions')!.click();
  const menu = await until(() => message.querySelector<HTMLElement>('[role="menu"]:popover-open'), 'actions menu open');
  return [...menu.querySelectorAll<HTMLElement>('[role="menuitem"]')];
}

/** The current value of a live query. */
export function firstValue<T>(observable: Observable<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const sub = observable.subscribe({
      next: (v) => {
        queueMicrotask(() => sub.unsubscribe());
        resolve(v);
      },
      error: reject,
    });
  });
}
