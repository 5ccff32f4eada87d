import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, nextEvent, record, request, startTestServer, type TestServer } from '../../../support/test-server.js';
import {
  agentState,
  availableAgent,
  connectAs,
  awayAgent,
  closeSockets,
  DEPARTMENTS,
  freshDepartment,
  refusal,
  say,
  start,
  visitor,
} from './support-helpers.js';

describe('customer service routing', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ support: { departments: DEPARTMENTS, defaultDepartment: 'd0', maxOpenPerAgent: 2 } });
  });
  after(async () => {
    closeSockets();
    await t.close();
  });

  it('gives a new conversation to the available agent with the fewest open ones, who sees the first message', async () => {
    const d = freshDepartment();
    const busy = await availableAgent(t, [d], 'busy');
    const first = await start(await visitor(t), d);
    assert.equal(first.ticket.status, 'active');
    assert.equal(first.ticket.agent?.id, busy.id);
    const idle = await availableAgent(t, [d], 'idle');
    const assigned = nextEvent(idle.socket, 'support:assigned');
    const arrived = nextEvent(idle.socket, 'message:created');
    const v = await visitor(t);
    const second = await start(v, d, 'where is my parcel?');
    assert.match(second.ticket.cid, /^_tmp:/);
    assert.equal(second.ticket.agent?.id, idle.id, 'the agent with no open conversation gets it');
    const ticket = await assigned;
    assert.equal(ticket.cid, second.ticket.cid);
    assert.equal(ticket.info.pageUrl, 'https://shop.example/cart');
    assert.equal(ticket.info.language, 'en');
    assert.equal((await arrived).text, 'where is my parcel?');
    const conversation = await call(idle.socket, 'conversation:get', { cid: second.ticket.cid });
    assert.deepEqual([...conversation.members].sort(), [idle.id, v.id].sort());
  });

  it('breaks a tie in open conversations by giving it to the agent idle the longest', async () => {
    const d = freshDepartment();
    const a = await availableAgent(t, [d], 'a');
    const b = await availableAgent(t, [d], 'b');
    const first = await start(await visitor(t), d);
    const firstAgent = first.ticket.agent!.id;
    // Both have one open: the one who got the first is the more recently busy.
    const second = await start(await visitor(t), d);
    const secondAgent = second.ticket.agent!.id;
    assert.notEqual(secondAgent, firstAgent);
    await call(firstAgent === a.id ? a.socket : b.socket, 'support:close', { cid: first.ticket.cid });
    await call(secondAgent === a.id ? a.socket : b.socket, 'support:close', { cid: second.ticket.cid });
    // Both have none open now: the first agent was assigned longer ago.
    const third = await start(await visitor(t), d);
    assert.equal(third.ticket.agent?.id, firstAgent);
  });

  it('queues visitors when every agent is full, tells them their place, and updates it as the queue moves', async () => {
    const d = freshDepartment();
    const agent = await availableAgent(t, [d]);
    const queueSeen = record(agent.socket, 'support:queue-updated');
    const a = await start(await visitor(t), d);
    await start(await visitor(t), d);
    const v3 = await visitor(t);
    const third = await start(v3, d);
    const v4 = await visitor(t);
    const fourth = await start(v4, d);
    assert.equal(third.ticket.status, 'queued');
    assert.equal(third.ticket.position, 1);
    assert.equal(fourth.ticket.position, 2);
    assert.equal(fourth.ticket.agent, undefined);
    await queueSeen.until((e) => e.department === d && e.tickets.length === 2);
    const { tickets } = await call(agent.socket, 'support:queue', { department: d });
    assert.deepEqual(tickets.map((x) => [x.cid, x.position]), [[third.ticket.cid, 1], [fourth.ticket.cid, 2]]);

    const moved = record(v4.socket, 'support:updated');
    const joined = record(v3.socket, 'support:updated');
    await call(agent.socket, 'support:close', { cid: a.ticket.cid });
    // The agent has room again: the head of the queue is theirs, everyone behind moves up.
    const nowActive = await joined.until((x) => x.status === 'active');
    assert.equal(nowActive.agent?.id, agent.id);
    assert.equal((await moved.until((x) => x.position === 1)).status, 'queued');
  });

  it('lets exactly one of two agents taking the same waiting conversation at once win', async () => {
    const d = freshDepartment();
    await availableAgent(t, [d], 'full');
    await start(await visitor(t), d);
    await start(await visitor(t), d);
    const waiting = await start(await visitor(t), d);
    assert.equal(waiting.ticket.status, 'queued');
    const y = await awayAgent(t, [d], 'y');
    const z = await awayAgent(t, [d], 'z');
    const results = await Promise.all([
      request(y.socket, 'support:take', { cid: waiting.ticket.cid }),
      request(z.socket, 'support:take', { cid: waiting.ticket.cid }),
    ]);
    const winners = results.filter((r) => r.ok);
    assert.equal(winners.length, 1);
    assert.equal(refusal(results.find((r) => !r.ok)!), 'SUPPORT_ALREADY_TAKEN');
    const winner = results[0]!.ok ? y : z;
    const conversation = await call(winner.socket, 'conversation:get', { cid: waiting.ticket.cid });
    assert.ok(conversation.members.includes(winner.id));
    assert.equal(conversation.members.length, 2, 'only the visitor and the winner');
  });

  it('transfers to another available agent with a notice; the first agent leaves the conversation', async () => {
    const d = freshDepartment();
    const from = await availableAgent(t, [d], 'from');
    const v = await visitor(t);
    const { ticket } = await start(v, d);
    assert.equal(ticket.agent?.id, from.id);
    const to = await awayAgent(t, [d], 'to');
    assert.equal(refusal(await request(from.socket, 'support:transfer', { cid: ticket.cid, to: to.id })), 'SUPPORT_AGENT_UNAVAILABLE');
    await call(to.socket, 'support:set-availability', { status: 'available' });
    const notice = nextEvent(v.socket, 'message:created');
    const updated = record(v.socket, 'support:updated');
    const assigned = nextEvent(to.socket, 'support:assigned');
    const moved = await call(from.socket, 'support:transfer', { cid: ticket.cid, to: to.id });
    assert.equal(moved.agent?.id, to.id);
    assert.equal((await assigned).cid, ticket.cid);
    const message = await notice;
    assert.deepEqual((message.attributes?.support as { notice: string }).notice, 'transferred');
    assert.equal((await updated.until((x) => x.agent?.id === to.id)).status, 'active');
    assert.equal(refusal(await say(from, ticket.cid, 'still here?')), 'INVALID_MESSAGING_TARGET');
    assert.ok((await say(to, ticket.cid, 'hi, I take it from here')).ok);
    const conversation = await call(v.socket, 'conversation:get', { cid: ticket.cid });
    assert.deepEqual([...conversation.members].sort(), [to.id, v.id].sort());
  });

  it('routes only to agents with an open connection, and keeps availability across reconnects', async () => {
    const d = freshDepartment();
    const agent = await availableAgent(t, [d]);
    agent.socket.disconnect();
    const v = await visitor(t);
    // No connection, no routing: with nobody else, visitors get the offline form.
    for (let attempt = 0; ; attempt++) {
      const result = await request(v.socket, 'support:start', { department: d });
      if (!result.ok) {
        assert.equal(result.error.name, 'SUPPORT_OFFLINE');
        assert.equal(result.error.detail?.reason, 'no-agents');
        break;
      }
      await call(v.socket, 'support:close', { cid: result.data.ticket.cid });
      assert.ok(attempt < 100, 'the disconnect was never recorded');
    }
    // The same agent back: still available (never set again), so routed to at once.
    const back = await connectAs(t, agent.id, { role: 'agent', departments: [d] });
    assert.equal((await agentState(back.socket, back.id, (s) => s.online)).status, 'available');
    const { ticket } = await start(v, d);
    assert.equal(ticket.agent?.id, agent.id);
  });
});
