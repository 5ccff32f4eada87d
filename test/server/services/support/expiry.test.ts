import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../../support/manual-clock.js';
import { call, request, startTestServer, type TestServer } from '../../../support/test-server.js';
import { availableAgent, closeSockets, refusal, start, visitor } from './support-helpers.js';

describe('support conversations that expire', () => {
  let t: TestServer;
  const clock = new ManualClock();
  before(async () => {
    // The expiry schedule is off: the test runs the job itself.
    t = await startTestServer({ clock, conversations: { expiryIntervalMs: 0 }, support: { ttlSeconds: 60, maxOpenPerAgent: 1 } });
  });
  after(async () => {
    closeSockets();
    await t.close();
  });

  it('stop counting as an agent’s load or waiting in the queue once deleted, and cannot be reopened', async () => {
    const agent = await availableAgent(t, ['general']);
    const first = await start(await visitor(t), 'general');
    const v = await visitor(t);
    const waiting = await start(v, 'general');
    assert.equal(first.ticket.agent?.id, agent.id);
    assert.equal(waiting.ticket.status, 'queued');
    clock.advance(61_000);
    const report = await t.server.jobs.expireNow();
    assert.ok(report);
    assert.deepEqual(await call(agent.socket, 'support:queue', {}), { tickets: [] });
    const next = await start(await visitor(t), 'general');
    assert.equal(next.ticket.agent?.id, agent.id, 'the agent is free again');
    assert.equal((await call(agent.socket, 'support:agents', {})).agents.find((a) => a.id === agent.id)?.open, 1);
    assert.equal(refusal(await request(v.socket, 'support:reopen', { cid: waiting.ticket.cid })), 'INVALID_MESSAGING_TARGET');
    assert.deepEqual((await call(v.socket, 'support:mine', {})).tickets, []);
  });
});
