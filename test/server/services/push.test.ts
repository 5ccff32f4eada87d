import assert from 'node:assert/strict';
import { createECDH, type ECDH, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { PushPayload } from '../../../src/protocol/model.js';
import { call, connectWithToken, newClientId, rawRequest, startTestServer, type TestServer } from '../../support/test-server.js';

const ece = createRequire(import.meta.url)('http_ece') as {
  decrypt(body: Buffer, params: { version: 'aes128gcm'; privateKey: ECDH; authSecret: string }): Buffer;
};

/** A stand-in push service on 127.0.0.1: records what arrives, answers with a chosen status. */
function pushReceiver() {
  const received: { path: string; headers: IncomingHttpHeaders; body: Buffer }[] = [];
  const statusFor = new Map<string, number>();
  const waiters: (() => void)[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(statusFor.get(req.url ?? '') ?? 201).end();
      waiters.splice(0).forEach((w) => w());
    });
  });
  return {
    received,
    statusFor,
    async start() {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async until(path: string, count = 1, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (received.filter((r) => r.path === path).length < count) {
        if (Date.now() > deadline) throw new Error(`no push to ${path} in time`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 50);
        });
      }
      return received.filter((r) => r.path === path);
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A browser's side of a subscription: its key pair and auth secret. */
function device(base: string, name: string) {
  const keys = createECDH('prime256v1');
  keys.generateKeys();
  const auth = randomBytes(16).toString('base64url');
  return {
    path: `/push/${name}`,
    subscription: { endpoint: `${base}/push/${name}`, keys: { p256dh: keys.getPublicKey().toString('base64url'), auth } },
    open(body: Buffer): PushPayload {
      return JSON.parse(ece.decrypt(body, { version: 'aes128gcm', privateKey: keys, authSecret: auth }).toString('utf8')) as PushPayload;
    },
  };
}

let users = 0;
const fresh = (name: string) => `${name}-p${++users}`;

describe('offline push', () => {
  const receiver = pushReceiver();
  let base: string;
  let t: TestServer;

  before(async () => {
    base = await receiver.start();
    t = await startTestServer({ push: { endpointHosts: ['127.0.0.1'], allowInsecureEndpoints: true, subject: 'mailto:ops@example.com' } });
  });
  after(async () => {
    await t.close();
    await receiver.close();
  });

  /** Subscribes a device for `user`, then drops the user's connections so they are offline. */
  async function offlineDevice(user: string) {
    const d = device(base, user);
    const socket = await t.connect(user);
    await call(socket, 'push:subscribe', d.subscription);
    socket.disconnect();
    await until(() => (t.server.io.sockets.adapter.rooms.get(`user:${user}`)?.size ?? 0) === 0);
    return d;
  }

  it('sends an offline member an encrypted, VAPID-signed notification carrying pushData', async () => {
    const [alice, bob] = [fresh('alice'), fresh('bob')];
    const a = await t.connect(alice);
    const { id: cid } = await call(a, 'conversation:create', { members: [bob] });
    const bobsPhone = await offlineDevice(bob);
    const pushData = { title: 'Alice', body: 'Lunch at noon?', badge: 1 };
    const message = await call(a, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'private text', pushData });

    const [request] = await receiver.until(bobsPhone.path);
    const keys = JSON.parse(readFileSync(join(t.dataDir, 'vapid-keys.json'), 'utf8')) as { publicKey: string };
    assert.match(String(request!.headers.authorization), new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${keys.publicKey}$`));
    assert.equal(request!.headers['content-encoding'], 'aes128gcm');
    assert.ok(Number(request!.headers.ttl) > 0);
    assert.deepEqual(bobsPhone.open(request!.body), { title: 'Alice', body: 'Lunch at noon?', cid, messageId: message.id, data: pushData });
  });

  it('uses the sender’s name and a default text that never includes the message, and skips online and muted members', async () => {
    const [alice, bob, carol, dave] = [fresh('alice'), fresh('bob'), fresh('carol'), fresh('dave')];
    const a = await connectWithToken(t.url, await t.token(alice, 'Alice Liddell'));
    const { id: cid } = await call(a, 'conversation:create', { members: [bob, carol, dave] });
    const bobsPhone = await offlineDevice(bob);
    const davesPhone = await offlineDevice(dave);
    // Carol is online: subscribed, but connected.
    const carolsPhone = device(base, carol);
    await call(await t.connect(carol), 'push:subscribe', carolsPhone.subscription);
    await t.server.db.updateTable('members').set({ muted: 1 }).where('conversation_id', '=', cid).where('user_id', '=', dave).execute();

    const first = await call(a, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'the secret plan' });
    const [toBob] = await receiver.until(bobsPhone.path);
    assert.deepEqual(bobsPhone.open(toBob!.body), { title: 'Alice Liddell', body: 'New message', cid, messageId: first.id });

    // Dave unmutes; the next message reaches him, and it is the first push he ever got.
    await t.server.db.updateTable('members').set({ muted: 0 }).where('conversation_id', '=', cid).where('user_id', '=', dave).execute();
    const second = await call(a, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'again' });
    const toDave = await receiver.until(davesPhone.path);
    assert.deepEqual(toDave.map((r) => davesPhone.open(r.body).messageId), [second.id]);
    await receiver.until(bobsPhone.path, 2);
    assert.equal(receiver.received.filter((r) => r.path === carolsPhone.path).length, 0, 'online: no push');
    a.close();
  });

  it('sends none for transient messages, and forgets a subscription the push service says is gone', async () => {
    const [alice, bob] = [fresh('alice'), fresh('bob')];
    const a = await t.connect(alice);
    const { id: cid } = await call(a, 'conversation:create', { members: [bob] });
    const bobsPhone = await offlineDevice(bob);
    receiver.statusFor.set(bobsPhone.path, 410);
    await call(a, 'message:send', { cid, clientId: newClientId(), type: 101, fields: { typing: true }, transient: true });
    await call(a, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'hello' });
    const pushes = await receiver.until(bobsPhone.path);
    assert.equal(pushes.length, 1, 'the transient message was not pushed');
    await until(async () => (await t.server.db.selectFrom('push_subscriptions').selectAll().where('user_id', '=', bob).execute()).length === 0);
  });

  it('only accepts endpoints of the configured push services', async () => {
    const socket = await t.connect(fresh('eve'));
    const d = device('https://metadata.internal', 'x');
    const result = await rawRequest(socket, 'push:subscribe', d.subscription);
    assert.ok(!result.ok);
    assert.equal(result.error.name, 'INVALID_PAYLOAD');
    assert.equal(result.error.detail?.field, 'endpoint');
    const malformed = await rawRequest(socket, 'push:subscribe', { endpoint: 'not a url', keys: d.subscription.keys });
    assert.ok(!malformed.ok);
    assert.equal(malformed.error.detail?.field, 'endpoint');
  });

  it('keeps its VAPID keys across restarts', async () => {
    const socket = await t.connect(fresh('frank'));
    const { publicKey } = await call(socket, 'push:get-key', {});
    const again = await startTestServer({ dataDir: join(t.dataDir, 'second') });
    const other = await call(await again.connect('frank'), 'push:get-key', {});
    await again.stop();
    const restarted = await startTestServer({ dataDir: join(t.dataDir, 'second') });
    assert.equal((await call(await restarted.connect('frank'), 'push:get-key', {})).publicKey, other.publicKey);
    await restarted.stop();
    assert.notEqual(publicKey, other.publicKey, 'each deployment has its own keys');
    assert.match(publicKey, /^[A-Za-z0-9_-]{80,}$/);
  });
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
