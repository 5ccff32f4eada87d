// Offline-first store, in headless Chromium against a real server on loopback:
// 1. cold open: a page with 10,000 cached messages in one conversation, from script start to the newest
//    50 rendered by <chat-room>; baseline: a plain socket.io client fetching 50 messages from a plain
//    socket.io server and rendering them as divs.
// 2. catch-up: 1,000 messages missed across 50 conversations, from reconnect() to `synced`; baseline: a
//    plain socket.io client reconnecting and asking a plain server for as many messages (50 x 20).
// 3. the page's JS heap, DOM nodes and message nodes with 10,000 messages cached, at the newest page and
//    after scrolling back through all of them (the message list is windowed: at most 150 message nodes).
// 4. scroll smoothness: a scripted scroll (a fixed distance every animation frame) from the newest of the
//    10,000 to the first: frame times, dropped frames, long tasks, and frames where the list had nothing
//    more rendered above and waited for the cache.
// Run: npm run build && node --import tsx bench/cache-first.ts   (RUNS=n to change the sample size)
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { Server } from 'socket.io';
import { io } from 'socket.io-client';
import { CHROME_ARGS, findChrome } from '../test/support/browser.js';
import { siteRoot } from '../test/support/site-root.js';
import { call, startTestServer } from '../test/support/test-server.js';
import { ms, percentile, summary } from './support/stats.js';

const RUNS = Number(process.env.RUNS ?? 15);

// Pages get the token and conversation from the query string.
const PAGES = {
  'warm.html': `<script type="module">
    const p = new URLSearchParams(location.search);
    const { ChatClient } = await import('/dist/parley.js');
    const client = await ChatClient.connect({ server: location.origin, token: p.get('token') });
    await new Promise((r) => client.addEventListener('synced', r, { once: true }));
    await client.openConversation(p.get('cid'));
    while (await client.loadOlder(p.get('cid'), 100));
    await client.close();
    window.done = true;
  </script>`,
  'cold.html': `<script type="module">
    const t0 = performance.now();
    const p = new URLSearchParams(location.search);
    const { ChatClient } = await import('/dist/parley.js');
    const t1 = performance.now();
    const client = await ChatClient.connect({ server: location.origin, token: p.get('token') });
    const t2 = performance.now();
    const room = document.createElement('chat-room');
    room.style.height = '600px';
    room.client = client;
    room.conversation = p.get('cid');
    document.body.append(room);
    // The same end as the baseline's: the rows are in the DOM, then the next frame.
    const count = () => room.shadowRoot.querySelectorAll('.message').length;
    await new Promise((resolve) => {
      if (count() >= 50) return resolve();
      const rows = new MutationObserver(() => count() >= 50 && (rows.disconnect(), resolve()));
      rows.observe(room.shadowRoot, { childList: true, subtree: true });
    });
    await new Promise(requestAnimationFrame);
    const t3 = performance.now();
    window.result = { ms: t3 - t0, load: t1 - t0, open: t2 - t1, render: t3 - t2, nodes: room.shadowRoot.querySelectorAll('.message').length };
  </script>`,
  'scroll.html': `<script type="module">
    const p = new URLSearchParams(location.search);
    const { ChatClient } = await import('/dist/parley.js');
    const client = await ChatClient.connect({ server: location.origin, token: p.get('token') });
    const room = document.createElement('chat-room');
    room.style.height = '600px';
    room.client = client;
    room.conversation = p.get('cid');
    document.body.append(room);
    const frame = () => new Promise(requestAnimationFrame);
    const count = () => room.shadowRoot?.querySelectorAll('.message').length ?? 0;
    while (count() < 50) await frame();
    for (let i = 0; i < 30; i++) await frame();
    const log = room.shadowRoot.querySelector('.log');
    const first = () => room.shadowRoot.querySelector('.message .bubble')?.textContent;
    const longTasks = [];
    new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
    const frames = [];
    let most = count();
    let waits = 0;
    let last = await frame();
    while (!(log.scrollTop === 0 && first() === 'message 1')) {
      if (log.scrollTop === 0) waits++;
      log.scrollTop = Math.max(0, log.scrollTop - Number(p.get('step')));
      const now = await frame();
      frames.push(now - last);
      last = now;
      most = Math.max(most, count());
    }
    window.result = { frames, longTasks, most, waits };
  </script>`,
  'sync.html': `<script type="module">
    const p = new URLSearchParams(location.search);
    const { ChatClient } = await import('/dist/parley.js');
    const client = await ChatClient.connect({ server: location.origin, token: p.get('token') });
    await new Promise((r) => client.addEventListener('synced', r, { once: true }));
    for (const cid of p.get('cids').split(',')) await client.openConversation(cid);
    window.client = client;
    window.ready = true;
  </script>`,
};

const site = siteRoot(PAGES);
const t = await startTestServer({ staticRoot: site.root });
const browser = await chromium.launch({ executablePath: findChrome(), args: CHROME_ARGS });
// One profile for every page, so pages share the cache as reloads of one site would.
const context = await browser.newContext();
// A tab stays open throughout, as in a visitor's browser. With none open, each page measured here
// also ran while the browser set up again what its last tab had let go: 10–25 ms more, on both sides.
await context.newPage();
const result = async <T>(path: string, expression: string, timeout = 60_000): Promise<T> => {
  const page = await context.newPage();
  await page.goto(path);
  const value = (await (await page.waitForFunction(expression, undefined, { timeout })).jsonValue()) as T;
  return Object.assign(value as object, { page }) as T;
};

/** Pipelined sends over one plain socket, 500 at a time (all at once starves the server's heartbeat): fast seeding. */
async function seed(user: string, cid: string, count: number, from = 0): Promise<void> {
  const socket = io(t.url, { auth: { token: await t.token(user) }, transports: ['websocket'] });
  for (let batch = 0; batch < count; batch += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, count - batch) }, (_, i) => {
        const n = from + batch + i;
        return socket.timeout(60_000).emitWithAck('message:send', { cid, clientId: `seed-${cid}-${n}`, type: -1, text: `message ${n + 1}` });
      }),
    );
  }
  socket.close();
}

// ---- baseline server: plain socket.io, serving its own pages ----
const fifty = Array.from({ length: 50 }, (_, i) => ({ id: `m${i}`, text: `message ${i}`, from: 'alice', seq: i + 1 }));
const twenty = fifty.slice(0, 20);
const rawPages = new Map<string, string>([
  [
    '/raw',
    `<script src="/socket.io/socket.io.js"></script><script type="module">
      const t0 = performance.now();
      const socket = io({ transports: ['websocket'] });
      const messages = await socket.emitWithAck('history', {});
      const list = document.createElement('div');
      for (const m of messages) { const d = document.createElement('div'); d.textContent = m.text; list.append(d); }
      document.body.append(list);
      await new Promise(requestAnimationFrame);
      window.result = { ms: performance.now() - t0 };
    </script>`,
  ],
  [
    '/raw-sync',
    `<script src="/socket.io/socket.io.js"></script><script type="module">
      const times = [];
      for (let round = 0; round < 5; round++) {
        const t0 = performance.now();
        const socket = io({ transports: ['websocket'], forceNew: true });
        await Promise.all(Array.from({ length: 50 }, () => socket.emitWithAck('page', {})));
        times.push(performance.now() - t0);
        socket.close();
      }
      window.result = { times };
    </script>`,
  ],
]);
const rawHttp = createServer((req, res) => {
  const body = rawPages.get(req.url ?? '');
  if (body) res.writeHead(200, { 'content-type': 'text/html' }).end(body);
});
const rawIo = new Server(rawHttp);
rawIo.on('connection', (socket) => {
  socket.on('history', (_payload, ack) => ack(fifty));
  socket.on('page', (_payload, ack) => ack(twenty));
});
await new Promise<void>((r) => rawHttp.listen(0, '127.0.0.1', r));
const rawUrl = `http://127.0.0.1:${(rawHttp.address() as AddressInfo).port}`;

// ---- 1. cold open with 10,000 cached ----
const alice = await t.connect('alice');
const big = await call(alice, 'conversation:create', { members: ['bob'] });
await seed('alice', big.id, 10_000);
const bob = `token=${await t.token('bob')}&cid=${big.id}`;
await (await result<{ page: { close(): Promise<void> } }>(`${t.url}/demo/warm.html?${bob}`, 'window.done', 180_000)).page.close();

const cold: number[] = [];
const phases = { load: [] as number[], open: [] as number[], render: [] as number[] };
type Cdp = Awaited<ReturnType<typeof context.newCDPSession>>;
/** JS heap (MB) and DOM nodes of a page, after a garbage collection. */
async function pageMemory(cdp: Cdp): Promise<{ heap: string; nodes: number }> {
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
  return { heap: (metric('JSHeapUsedSize') / 1e6).toFixed(1), nodes: metric('Nodes') };
}
const raw: number[] = [];
// Parley and the baseline take turns, so a busy moment on the machine falls on both alike.
for (let i = 0; i < RUNS; i++) {
  const run = await result<{ ms: number; load: number; open: number; render: number; nodes: number; page: import('playwright-core').Page }>(
    `${t.url}/demo/cold.html?${bob}`,
    'window.result',
  );
  cold.push(run.ms);
  phases.load.push(run.load);
  phases.open.push(run.open);
  phases.render.push(run.render);
  if (i === RUNS - 1) {
    const memory = await pageMemory(await context.newCDPSession(run.page));
    console.log(
      `page with 10,000 cached messages, at the newest: JS heap ${memory.heap} MB, ${memory.nodes} DOM nodes, ${run.nodes} message nodes`,
    );
  }
  await run.page.close();
  const baseline = await result<{ ms: number; page: { close(): Promise<void> } }>(`${rawUrl}/raw`, 'window.result');
  raw.push(baseline.ms);
  await baseline.page.close();
}
const c = summary(cold);
const r = summary(raw);
console.log(`cold open, newest 50 of 10,000 cached: p50 ${ms(c.p50)} p95 ${ms(percentile(cold, 95))}`);
console.log(
  `  of which: bundle load p50 ${ms(summary(phases.load).p50)}, cache open p50 ${ms(summary(phases.open).p50)}, ` +
    `element connected to 50 rendered p50 ${ms(summary(phases.render).p50)} p95 ${ms(percentile(phases.render, 95))} (target p50 < 50 ms)`,
);
console.log(`  baseline, plain socket.io fetch + render of 50: p50 ${ms(r.p50)} p99 ${ms(r.p99)}; ratio p50 ${(c.p50 / r.p50).toFixed(2)}`);

// ---- 3 and 4. scroll back through all 10,000 ----
for (const step of [100, 400]) {
  const scroll = await result<{ frames: number[]; longTasks: number[]; most: number; waits: number; page: import('playwright-core').Page }>(
    `${t.url}/demo/scroll.html?${bob}&step=${step}`,
    'window.result',
    600_000,
  );
  const memory = await pageMemory(await context.newCDPSession(scroll.page));
  await scroll.page.close();
  const interval = percentile(scroll.frames, 50);
  const dropped = scroll.frames.reduce((sum, f) => sum + Math.max(0, Math.round(f / interval) - 1), 0);
  console.log(
    `scroll back through 10,000 at ${step} px a frame: ${scroll.frames.length} frames, p50 ${ms(interval)} p95 ${ms(percentile(scroll.frames, 95))} ` +
      `max ${ms(Math.max(...scroll.frames))}; ${dropped} dropped frames; ${scroll.longTasks.length} long tasks (> 50 ms); ` +
      `${scroll.waits} frames waiting at the top of the rendered window`,
  );
  console.log(`  most message nodes while scrolling: ${scroll.most} (target <= 150); after: JS heap ${memory.heap} MB, ${memory.nodes} DOM nodes`);
}

// ---- 2. catch up 1,000 messages across 50 conversations ----
const cids: string[] = [];
for (let i = 0; i < 50; i++) cids.push((await call(alice, 'conversation:create', { members: ['carol', 'bob'], name: `room ${i}` })).id);
const sync = await result<{ page: import('playwright-core').Page }>(
  `${t.url}/demo/sync.html?token=${await t.token('carol')}&cids=${cids.join(',')}`,
  'window.ready && {}',
);
const syncs: number[] = [];
for (let round = 0; round < 5; round++) {
  await sync.page.evaluate('window.client.disconnect()');
  await Promise.all(cids.map((cid) => seed('alice', cid, 20, 1000 + round * 20)));
  syncs.push(
    (await sync.page.evaluate(`new Promise((resolve) => {
      const t0 = performance.now();
      window.client.addEventListener('synced', () => resolve(performance.now() - t0), { once: true });
      window.client.reconnect();
    })`)) as number,
  );
}
const rawSyncs = (await result<{ times: number[] }>(`${rawUrl}/raw-sync`, 'window.result')).times;
const s = summary(syncs);
const rs = summary(rawSyncs);
console.log(`catch-up of 1,000 missed messages in 50 conversations: p50 ${ms(s.p50)} max ${ms(s.max)} (target < 1 s)`);
console.log(`  baseline, plain socket.io reconnect + 50 fetches of 20: p50 ${ms(rs.p50)}; ratio p50 ${(s.p50 / rs.p50).toFixed(2)}`);

await browser.close();
rawIo.close();
rawHttp.close();
await t.close();
site.remove();
