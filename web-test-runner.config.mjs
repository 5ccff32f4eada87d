// Browser tests: real Chromium (Debian's, or CHROME_PATH) against a real Parley server that this
// config starts. Run through `node --import tsx` so the server's TypeScript loads directly.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROME_ARGS, findChrome } from './test/support/browser.ts';
import { ChatError } from './src/protocol/chat-error.ts';
import { chromeCommands } from './test/support/chrome-commands.ts';
import { FlakyProxy } from './test/support/flaky-proxy.ts';
import { ReplayingProxy } from './test/support/replaying-proxy.ts';
import { startTestServer } from './test/support/test-server.ts';

/** One closing line the test script adds up: "web: N passed, N failed, N skipped". */
const plainSummary = () => ({
  stop({ sessions }) {
    let pass = 0;
    let fail = 0;
    let skip = 0;
    const walk = (suite) => {
      for (const t of suite.tests) t.skipped ? skip++ : t.passed ? pass++ : fail++;
      suite.suites.forEach(walk);
    };
    for (const s of sessions) {
      if (s.testResults) walk(s.testResults);
      fail += s.errors.length;
    }
    process.once('exit', () => process.stdout.write(`web: ${pass} passed, ${fail} failed, ${skip} skipped\n`));
  },
});

// Browser ES modules for packages whose default resolution here is not one: Dexie's "import"
// entry wraps its UMD build, and socket.io's "node" condition picks builds that need `debug`.
const BROWSER_MODULES = {
  dexie: '/node_modules/dexie/dist/dexie.mjs',
  'socket.io-client': '/node_modules/socket.io-client/build/esm/index.js',
  'engine.io-client': '/node_modules/engine.io-client/build/esm/index.js',
  'socket.io-parser': '/node_modules/socket.io-parser/build/esm/index.js',
};
const browserModules = {
  name: 'browser-modules',
  resolveImport({ source }) {
    return BROWSER_MODULES[source];
  },
};

/**
 * Starts the Parley server the tests talk to and tells the pages where it is. Tests steer it
 * through a few control endpoints on the test runner's own origin:
 * - POST /__parley/drop-acks?count=N  the next N message:send acks are dropped after the commit
 * - GET  /__parley/token?user=ID&ttl=S  `{ token }` for that user id, valid for S seconds
 * - POST /__parley/rate-limit-sends?count=N&retryAfterMs=M  the next N message:send are refused
 *                                     with RATE_LIMITED, as a spent command budget answers
 * - POST /__parley/restart            stop and start the server (same port, same data)
 * - GET  /__parley/sends?clientId=ID  how many times message:send reached the ack for that id
 * - GET  /__parley/proxy              `{ url }` of a TCP proxy to the server whose connections
 *                                     POST /__parley/proxy/cut drops (a flaky network); with
 *                                     ?holdMs=N it drops new ones too for N ms (a network that stays down)
 * - GET  /__parley/replaying-proxy    `{ url, duplicated }` of a TCP proxy to the server that sends
 *                                     a quarter of socket.io events and acks twice and holds every
 *                                     frame 0–300 ms, both ways; `duplicated`: frames sent twice so far
 * - GET  /__parley/history?cid=ID     the conversation's stored messages, `{ id, seq, from, clientId }`
 *                                     by seq, read from the server's database
 * - GET  /__parley/admin?method=M&path=P&body=JSON  the admin API, called with the master key
 *   from here (as a site's backend would), so the key never reaches a page
 */
const MASTER_KEY = 'web-test-master-key-0123456789abcdef';

/**
 * A free port below Linux's ephemeral range (32768+). A restart listens on the same port again
 * (clients reconnect to the same URL); a port from the ephemeral range may meanwhile have become
 * the local end of some outgoing connection, and the restart would fail.
 */
async function portOutsideEphemeralRange() {
  const first = 20_000 + Math.floor(Math.random() * 10_000);
  for (let port = first; port < first + 200; port++) {
    const free = await new Promise((resolve) => {
      const probe = createNetServer().once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${first}..${first + 199}`);
}

function parleyServer() {
  let server;
  let dataDir;
  let port = 0;
  let dropAcks = 0;
  const sends = new Map();
  let rateLimitedSends = 0;
  let retryAfterMs = 0;
  const testHooks = {
    beforeCommand(command) {
      if (command !== 'message:send' || rateLimitedSends === 0) return undefined;
      rateLimitedSends--;
      return new ChatError('RATE_LIMITED', 'Over the command budget', { retryAfterMs });
    },
    beforeAck(command, result) {
      if (command !== 'message:send') return true;
      sends.set(result.clientId, (sends.get(result.clientId) ?? 0) + 1);
      if (dropAcks > 0) {
        dropAcks--;
        return false;
      }
      return true;
    },
  };
  const start = async () => {
    // Tests seed conversations at full speed: the per-user command budget is checked, never spent
    // (test/server covers it; /__parley/rate-limit-sends plays its refusals to a page).
    server = await startTestServer({ dataDir, port, testHooks, masterKey: MASTER_KEY, clientLimits: { commandPoints: 1e9 } });
  };
  const proxy = new FlakyProxy(() => port);
  let proxyUrl;
  const replaying = new ReplayingProxy(() => port, { duplicate: 0.25, maxDelayMs: 300, seed: 25 });
  let replayingUrl;
  return {
    name: 'parley-server',
    async serverStart() {
      dataDir = mkdtempSync(join(tmpdir(), 'parley-web-'));
      port = await portOutsideEphemeralRange();
      await start();
      proxyUrl = await proxy.listen();
      replayingUrl = await replaying.listen();
    },
    async serve(context) {
      const url = new URL(context.request.url, 'http://localhost');
      switch (url.pathname) {
        case '/__parley/config.json':
          return { body: JSON.stringify({ serverUrl: server.url }), type: 'json' };
        case '/__parley/token': {
          const user = url.searchParams.get('user');
          const token = await server.server.tokens.sign({ id: user, name: user }, Number(url.searchParams.get('ttl')));
          return { body: JSON.stringify({ token }), type: 'json' };
        }
        case '/__parley/rate-limit-sends':
          rateLimitedSends = Number(url.searchParams.get('count') ?? 1);
          retryAfterMs = Number(url.searchParams.get('retryAfterMs') ?? 0);
          return { body: '{}', type: 'json' };
        case '/__parley/drop-acks':
          dropAcks = Number(url.searchParams.get('count') ?? 1);
          return { body: '{}', type: 'json' };
        case '/__parley/restart':
          // A failed start answers 500 (the dev server's handling of a throwing plugin).
          await server.stop();
          await start();
          return { body: '{}', type: 'json' };
        case '/__parley/admin': {
          const response = await fetch(`${server.url}/api/admin${url.searchParams.get('path')}`, {
            method: url.searchParams.get('method') ?? 'POST',
            headers: { authorization: `Bearer ${MASTER_KEY}`, 'content-type': 'application/json' },
            body: url.searchParams.get('body') ?? undefined,
          });
          return { body: await response.text(), type: 'json' };
        }
        case '/__parley/sends':
          return { body: JSON.stringify({ count: sends.get(url.searchParams.get('clientId')) ?? 0 }), type: 'json' };
        case '/__parley/proxy':
          return { body: JSON.stringify({ url: proxyUrl }), type: 'json' };
        case '/__parley/proxy/cut':
          return { body: JSON.stringify({ cut: proxy.cut(Number(url.searchParams.get('holdMs') ?? 0)) }), type: 'json' };
        case '/__parley/replaying-proxy':
          return { body: JSON.stringify({ url: replayingUrl, duplicated: replaying.duplicated }), type: 'json' };
        case '/__parley/history': {
          const rows = await server.server.db
            .selectFrom('messages')
            .select(['id', 'seq', 'sender', 'client_id'])
            .where('conversation_id', '=', url.searchParams.get('cid'))
            .orderBy('seq')
            .execute();
          const messages = rows.map((r) => ({ id: r.id, seq: Number(r.seq), from: r.sender, clientId: r.client_id }));
          return { body: JSON.stringify({ messages }), type: 'json' };
        }
      }
    },
    async serverStop() {
      await proxy.close();
      await replaying.close();
      await server?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export default {
  files: ['test/client/**/*.test.ts', 'test/elements/**/*.test.ts'],
  nodeResolve: { browser: true },
  plugins: [browserModules, parleyServer(), chromeCommands(), esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' })],
  browsers: [chromeLauncher({ launchOptions: { executablePath: findChrome(), headless: true, args: CHROME_ARGS } })],
  reporters: [defaultReporter(), plainSummary()],
  testFramework: { config: { timeout: 15000 } },
  concurrency: 1,
};
