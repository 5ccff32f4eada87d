import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT, UnsecuredJWT } from 'jose';
import { io } from 'socket.io-client';
import type { ErrorPayload } from '../../../src/protocol/errors.js';
import type { SessionState } from '../../../src/protocol/model.js';
import { call, connectWithToken, request, startTestServer, TEST_SECRET, type TestServer, type TestSocket } from '../../support/test-server.js';

const key = new TextEncoder().encode(TEST_SECRET);

async function refusal(url: string, token: unknown): Promise<ErrorPayload> {
  try {
    const socket = await connectWithToken(url, token);
    socket.close();
  } catch (error) {
    return (error as { data: ErrorPayload }).data;
  }
  throw new Error('the handshake was accepted');
}

describe('socket handshake', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(() => t.close());

  it('accepts a valid token', async () => {
    const socket = await connectWithToken(t.url, await t.token('alice'));
    assert.equal(socket.connected, true);
    socket.close();
  });

  it('refuses a missing token with SESSION_REQUIRED', async () => {
    assert.equal((await refusal(t.url, undefined)).name, 'SESSION_REQUIRED');
    assert.equal((await refusal(t.url, '')).code, 4105);
  });

  it('refuses an expired token with SESSION_TOKEN_EXPIRED', async () => {
    const token = await new SignJWT({ name: 'A' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(key);
    const error = await refusal(t.url, token);
    assert.deepEqual([error.code, error.name], [4112, 'SESSION_TOKEN_EXPIRED']);
  });

  it('ends a connection when its token expires, after which nothing more reaches it; the token is then refused', async () => {
    const token = await t.server.tokens.sign({ id: 'expiring-ann', name: 'Ann' }, 1);
    const socket = await connectWithToken(t.url, token);
    const ended = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('still connected 5 s after the token expired')), 5000);
      socket.once('disconnect', (reason) => {
        clearTimeout(timer);
        resolve(reason);
      });
    });
    assert.equal(await ended, 'io server disconnect');
    const error = await refusal(t.url, token);
    assert.equal(error.name, 'SESSION_TOKEN_EXPIRED', 'the client renews its token to come back');
  });

  it('opens every connection by telling the server’s time and how long the token has left', async () => {
    const socket: TestSocket = io(t.url, {
      auth: { token: await t.server.tokens.sign({ id: 'clocked-di', name: 'Di' }, 60) },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    const session = await new Promise<SessionState>((resolve) => socket.once('session:opened', resolve));
    assert.ok(Math.abs(session.now - Date.now()) < 1000, 'the server’s clock');
    assert.ok(session.expiresIn > 55_000 && session.expiresIn <= 60_000, `60 s token, ${session.expiresIn} ms left`);
    assert.ok(Math.abs(session.expiresAt - (Date.now() + session.expiresIn)) < 1000);
    socket.close();
  });

  it('keeps a connection past its first token when a fresh one of the same user is handed in', async () => {
    const socket = await connectWithToken(t.url, await t.server.tokens.sign({ id: 'renewing-bo', name: 'Bo' }, 1));
    const fresh = await t.server.tokens.sign({ id: 'renewing-bo', name: 'Bo' }, 60);
    const { expiresAt, expiresIn } = await call(socket, 'session:renew', { token: fresh });
    assert.ok(expiresAt > Date.now() + 50_000);
    assert.ok(expiresIn > 55_000 && expiresIn <= 60_000, 'the lifetime as the server counts it');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.equal(socket.connected, true, 'still connected after the first token expired');
    assert.ok((await call(socket, 'conversation:list', {})).conversations);
    socket.close();
  });

  it('refuses a renewal with another user’s, an expired or a forged token, keeping the connection as it was', async () => {
    const socket = await connectWithToken(t.url, await t.token('renewing-cy'));
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('renewing-cy')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key);
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('renewing-cy').setExpirationTime('1h').sign(new TextEncoder().encode('x'.repeat(40)));
    const cases: [string, string][] = [
      [await t.token('someone-else'), 'INVALID_LOGIN'],
      [expired, 'SESSION_TOKEN_EXPIRED'],
      [forged, 'SIGNATURE_FAILED'],
      ['not a token', 'INVALID_LOGIN'],
    ];
    for (const [token, name] of cases) {
      const result = await request(socket, 'session:renew', { token });
      assert.equal(result.ok ? 'renewed' : result.error.name, name);
    }
    assert.equal(socket.connected, true);
    socket.close();
  });

  it('refuses a token signed with another key with SIGNATURE_FAILED', async () => {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-another-secret-another'));
    assert.equal((await refusal(t.url, token)).name, 'SIGNATURE_FAILED');
  });

  it('refuses an unsigned (alg: none) token', async () => {
    const token = new UnsecuredJWT({}).setSubject('alice').setExpirationTime('1h').encode();
    assert.equal((await refusal(t.url, token)).name, 'INVALID_LOGIN');
  });

  it('refuses garbage, a non-string and a token without exp', async () => {
    assert.equal((await refusal(t.url, 'not.a.jwt')).name, 'INVALID_LOGIN');
    assert.equal((await refusal(t.url, { sub: 'alice' })).name, 'SESSION_REQUIRED');
    const noExp = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('alice').sign(key);
    assert.equal((await refusal(t.url, noExp)).name, 'INVALID_LOGIN');
  });

  it('refuses a token whose subject is not a valid user id', async () => {
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('bad id\n').setExpirationTime('1h').sign(key);
    assert.equal((await refusal(t.url, token)).name, 'INVALID_LOGIN');
  });
});

describe('origin allow-list', () => {
  it('refuses a handshake from an origin not on the list', async () => {
    const t = await startTestServer({ allowedOrigins: ['https://shop.example'] });
    try {
      const blocked = await fetch(`${t.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'https://evil.example' } });
      assert.equal(blocked.status, 403);
      const allowed = await fetch(`${t.url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'https://shop.example' } });
      assert.equal(allowed.status, 200);
    } finally {
      await t.close();
    }
  });
});
