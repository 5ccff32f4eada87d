import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, connectWithToken, request, startTestServer, type TestServer, type TestSocket } from '../../support/test-server.js';

const POINTS = 20;
const SECONDS = 1;
const MAX_CONNECTIONS = 3;

describe("each user's command budget and connection cap", () => {
  let t: TestServer;
  const sockets: TestSocket[] = [];
  before(async () => {
    t = await startTestServer({ clientLimits: { commandPoints: POINTS, commandSeconds: SECONDS, maxConnections: MAX_CONNECTIONS } });
  });
  after(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });
  const open = async (user: string) => {
    const socket = await connectWithToken(t.url, await t.token(user));
    sockets.push(socket);
    return socket;
  };

  it('answers RATE_LIMITED with when to try again once the budget is spent, on all of the user’s connections, and not for others', async () => {
    const [first, second] = [await open('budget-ann'), await open('budget-ann')];
    const other = await open('budget-bob');
    const results = await Promise.all(Array.from({ length: POINTS + 5 }, (_, i) => request(i % 2 ? first : second, 'conversation:list', {})));
    assert.equal(results.filter((r) => r.ok).length, POINTS);
    const refused = results.find((r) => !r.ok);
    assert.ok(refused && !refused.ok);
    assert.equal(refused.error.name, 'RATE_LIMITED');
    const retryAfterMs = refused.error.detail?.retryAfterMs as number;
    assert.ok(retryAfterMs > 0 && retryAfterMs <= SECONDS * 1000, `retryAfterMs ${retryAfterMs}`);
    assert.equal((await request(other, 'conversation:list', {})).ok, true, 'another user is not affected');

    await new Promise((resolve) => setTimeout(resolve, retryAfterMs + 50));
    assert.equal((await request(first, 'conversation:list', {})).ok, true, 'served again once the window passed');
  });

  it('counts refused and unknown commands too', async () => {
    const socket = await open('budget-cy');
    for (let i = 0; i < POINTS; i++) await request(socket, 'no:such-command' as never, {} as never);
    const result = await request(socket, 'conversation:list', {});
    assert.equal(result.ok ? 'answered' : result.error.name, 'RATE_LIMITED');
  });

  it(`refuses a user's connection beyond ${MAX_CONNECTIONS} with TOO_MANY_CONNECTIONS, and takes one again once another closed`, async () => {
    const held = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, () => open('cap-dan')));
    // A burst of handshakes cannot slip past the cap together.
    const burst = await Promise.allSettled(Array.from({ length: 5 }, () => open('cap-dan')));
    for (const outcome of burst) {
      assert.equal(outcome.status, 'rejected');
      assert.equal((outcome as PromiseRejectedResult).reason.data?.name, 'TOO_MANY_CONNECTIONS');
    }
    assert.ok((await open('cap-eve')).connected, 'others still connect');

    held[0]!.close();
    let again: TestSocket | undefined;
    for (let i = 0; i < 100 && !again; i++) {
      again = await open('cap-dan').catch(() => undefined);
      if (!again) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.ok(again?.connected, 'a freed place is taken again');
    assert.ok((await call(again!, 'conversation:list', {})).conversations);
  });
});
