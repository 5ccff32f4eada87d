import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type PostgresServer, postgresBin, startPostgres } from '../../support/services.js';
import { call, newClientId, request, startTestServer, type TestServer } from '../../support/test-server.js';

/** PostgreSQL going away (a crash, a failover) and coming back, under a running node. */
describe('PostgreSQL down for a while', { skip: postgresBin() ? false : 'PostgreSQL not installed' }, () => {
  let postgres: PostgresServer;
  let t: TestServer;
  before(async () => {
    // Commits on disk (the OS's cache) before they return, as in production: a crash keeps them.
    postgres = await startPostgres({ crashSafe: true });
    t = await startTestServer({ databaseUrl: await postgres.createDatabase() });
  });
  after(async () => {
    await t?.close();
    await postgres?.stop();
  });

  it('answers with a retryable error meanwhile, reports not ready, and carries on once it is back, nothing half-stored', async () => {
    const alice = await t.connect('outage-alice');
    const bob = await t.connect('outage-bob');
    const { id: cid } = await call(alice, 'conversation:create', { members: ['outage-bob'] });
    await call(alice, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'before' });

    postgres.down();
    try {
      const refused = await request(alice, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'during' });
      assert.equal(refused.ok ? 'sent' : refused.error.name, 'INTERNAL_ERROR');
      assert.ok(!refused.ok && refused.error.code === 4200, 'retryable: the outbox sends it again');
      assert.equal((await fetch(`${t.url}/readyz`)).status, 503);
      assert.deepEqual(await call(bob, 'user:online', { users: ['outage-alice'] }), { online: ['outage-alice'] }, 'the node still answers');
    } finally {
      postgres.up();
    }

    // The pool connects again on its own: bounded attempts while PostgreSQL finishes starting.
    let sent: Awaited<ReturnType<typeof request<'message:send'>>> | undefined;
    for (let attempt = 0; attempt < 50 && !sent?.ok; attempt++) {
      sent = await request(alice, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'after' });
      if (!sent.ok) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(sent?.ok, 'sends are taken again');
    const page = await call(bob, 'message:history', { cid });
    assert.deepEqual(page.messages.map((m) => [m.seq, m.text]), [[1, 'before'], [2, 'after']]);
    assert.equal((await fetch(`${t.url}/readyz`)).status, 200);
  });
});
