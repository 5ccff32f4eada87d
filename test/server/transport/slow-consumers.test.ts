import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RawConnection } from '../../support/raw-connection.js';
import { call, newClientId, record, startTestServer, type TestServer } from '../../support/test-server.js';

const CAP = 256 * 1024;
const TEXT = 'a steady stream of long messages '.repeat(120); // ~4 KB each

describe('a connection that stops reading', () => {
  let t: TestServer;
  before(async () => {
    // One sender fills the laggard's buffers as fast as it can: the command budget is not what is tested.
    t = await startTestServer({ slowConsumers: { maxBufferedBytes: CAP, intervalMs: 50 }, clientLimits: { commandPoints: 1e9 } });
  });
  after(() => t.close());

  it('is cut once too much waits for it, while the other members keep receiving and nothing is lost', async () => {
    const alice = await t.connect('slow-alice');
    const carol = await t.connect('slow-carol');
    const group = await call(alice, 'conversation:create', { members: ['slow-bob', 'slow-carol'], name: 'busy' });
    const laggard = await RawConnection.open(t.url, await t.token('slow-bob'));
    const serverSide = [...t.server.io.sockets.sockets.values()].find((socket) => socket.data.user.id === 'slow-bob')!;
    const cut = new Promise<string>((resolve) => serverSide.once('disconnect', resolve));
    let isCut = false;
    void cut.then(() => (isCut = true));
    laggard.stopReading();
    const atCarol = record(carol, 'message:created');

    // The kernel's socket buffers take the first megabytes; then the server's own buffer grows.
    let sent = 0;
    while (!isCut && sent < 8000) {
      await Promise.all(
        Array.from({ length: 20 }, () => call(alice, 'message:send', { cid: group.id, clientId: newClientId(), type: -1, text: TEXT })),
      );
      sent += 20;
    }
    assert.equal(await cut, 'forced close', `cut after ${sent} messages`);
    await atCarol.until(() => atCarol.events.length === sent, 10_000);
    assert.equal(carol.connected, true);
    const stored = await t.server.db.selectFrom('messages').select((eb) => eb.fn.countAll().as('n')).where('conversation_id', '=', group.id).executeTakeFirstOrThrow();
    assert.equal(Number(stored.n), sent, 'every message stored, for the laggard to fetch when back');
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    assert.match(metrics, /^parley_slow_consumers_cut_total 1$/m);
    laggard.close();
  });

  it('leaves a connection that keeps reading alone, however much flows', async () => {
    const alice = await t.connect('fast-alice');
    const bob = await t.connect('fast-bob');
    const group = await call(alice, 'conversation:create', { members: ['fast-bob'], unique: false });
    const atBob = record(bob, 'message:created');
    for (let i = 0; i < 50; i++) {
      await Promise.all(Array.from({ length: 20 }, () => call(alice, 'message:send', { cid: group.id, clientId: newClientId(), type: -1, text: TEXT })));
    }
    await atBob.until(() => atBob.events.length === 1000, 10_000);
    assert.equal(bob.connected, true);
  });
});
