import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { call, connectWithToken, newClientId, nextEvent, record, request, startTestServer, type TestServer } from '../../../support/test-server.js';
import { availableAgent, closeSockets, connectAs, DEPARTMENTS, freshDepartment, httpJson, refusal, say, start, visitor } from './support-helpers.js';

const MASTER_KEY = 'support-master-key-0123456789';

describe('customer service conversations', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ masterKey: MASTER_KEY, support: { departments: DEPARTMENTS, defaultDepartment: 'd0' } });
  });
  after(async () => {
    closeSockets();
    await t.close();
  });

  const transcript = (token: string, cid: string, format: 'text' | 'json') =>
    httpJson(`${t.url}/api/support/conversations/${encodeURIComponent(cid)}/transcript?format=${format}`, { headers: { authorization: `Bearer ${token}` } });

  it('takes roles from the verified token only: visitors and plain users never act as agents', async () => {
    const v = await visitor(t);
    const plain = await connectAs(t, 'plain-user');
    for (const s of [v, plain]) {
      assert.equal(refusal(await request(s.socket, 'support:set-availability', { status: 'available', role: 'agent' } as never)), 'SUPPORT_AGENT_REQUIRED');
      assert.equal(refusal(await request(s.socket, 'support:queue', {})), 'SUPPORT_AGENT_REQUIRED');
      assert.equal(refusal(await request(s.socket, 'support:agents', {})), 'SUPPORT_AGENT_REQUIRED');
    }
    const forged = await new SignJWT({ name: 'mallory', role: 'agent' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-server-secret-not-the-server-secret'));
    await assert.rejects(connectWithToken(t.url, forged), (error: Error & { data?: { name: string } }) => error.data?.name === 'SIGNATURE_FAILED');
    // A visitor token only talks to support: no conversations with arbitrary users, no chat rooms.
    assert.equal(refusal(await request(v.socket, 'conversation:create', { members: ['plain-user'] })), 'CONVERSATION_OPERATION_UNAUTHORIZED');
    assert.equal(refusal(await request(v.socket, 'conversation:create-chat-room', { name: 'spam' })), 'CONVERSATION_OPERATION_UNAUTHORIZED');
    assert.equal(refusal(await request(v.socket, 'conversation:create-temporary', { members: ['plain-user'] })), 'CONVERSATION_OPERATION_UNAUTHORIZED');
    const rows = await t.server.db.selectFrom('support_agents').select('user_id').where('user_id', 'in', [v.id, 'plain-user', 'mallory']).execute();
    assert.equal(rows.length, 0, 'nobody became an agent');
  });

  it('shows a visitor by the name they gave, to their agent, kept across reconnects; a visitor sees agents’ names, nobody else’s', async () => {
    const d = freshDepartment();
    const agent = await availableAgent(t, [d], 'named-agent');
    const v = await visitor(t);
    const renamed = record(agent.socket, 'user:profile-updated');
    await call(v.socket, 'support:start', { department: d, form: { name: ' Vera ' }, message: { text: 'hi', clientId: newClientId() } });
    await renamed.until((p) => p.id === v.id);
    assert.deepEqual(renamed.events, [{ id: v.id, name: 'Vera' }]);

    // The visitor's token carries a placeholder name: connecting again does not undo "Vera".
    await connectWithToken(t.url, await t.server.tokens.sign({ id: v.id, name: 'Visitor', role: 'visitor' }));
    assert.deepEqual((await call(agent.socket, 'user:profiles', { users: [v.id] })).profiles, [{ id: v.id, name: 'Vera' }]);

    await connectAs(t, 'stranger-with-a-name');
    const seen = await call(v.socket, 'user:profiles', { users: [agent.id, 'stranger-with-a-name'] });
    assert.deepEqual(seen.profiles.map((p) => p.id), [agent.id], 'only the people in their own conversations');
  });

  it('keeps visitors to their own conversations: another one answers like a missing one', async () => {
    const d = freshDepartment();
    const other = freshDepartment();
    await availableAgent(t, [d]);
    const outsider = await availableAgent(t, [other], 'outsider');
    const owner = await visitor(t);
    const { ticket } = await start(owner, d);
    const intruder = await visitor(t, 'intruder');
    const missing = '_tmp:does-not-exist';
    for (const cid of [ticket.cid, missing]) {
      assert.equal(refusal(await request(intruder.socket, 'support:get', { cid })), 'INVALID_MESSAGING_TARGET');
      assert.equal(refusal(await request(intruder.socket, 'support:close', { cid })), 'INVALID_MESSAGING_TARGET');
      assert.equal(refusal(await request(intruder.socket, 'support:reopen', { cid })), 'INVALID_MESSAGING_TARGET');
      assert.equal(refusal(await request(intruder.socket, 'support:rate', { cid, score: 1 })), 'INVALID_MESSAGING_TARGET');
      assert.equal(refusal(await request(intruder.socket, 'message:history', { cid })), 'INVALID_MESSAGING_TARGET');
      assert.equal(refusal(await say(intruder, cid, 'let me in')), 'INVALID_MESSAGING_TARGET');
      assert.equal(refusal(await request(outsider.socket, 'support:get', { cid })), 'INVALID_MESSAGING_TARGET');
      assert.equal(refusal(await request(outsider.socket, 'support:take', { cid })), 'INVALID_MESSAGING_TARGET');
      const text = await transcript(await t.server.tokens.sign({ id: intruder.id, name: 'x', role: 'visitor' }), cid, 'json');
      assert.equal(text.status, 404);
    }
    assert.deepEqual((await call(intruder.socket, 'support:mine', {})).tickets, []);
    assert.equal((await call(owner.socket, 'support:mine', {})).tickets[0]?.cid, ticket.cid);
  });

  it('never shows internal notes to the visitor: not pushed, not in history, sync or the transcript', async () => {
    const d = freshDepartment();
    const agent = await availableAgent(t, [d]);
    const v = await visitor(t);
    const { ticket } = await start(v, d);
    const visitorPushes = record(v.socket, 'message:created');
    const note = await call(agent.socket, 'support:note', { cid: ticket.cid, text: 'SECRET: refund already denied twice' });
    assert.equal(note.cid, ticket.cid);
    assert.ok((await say(agent, ticket.cid, 'Let me check that for you')).ok);
    await visitorPushes.until((m) => m.text === 'Let me check that for you');
    const leaks = (value: unknown) => JSON.stringify(value).includes('SECRET');
    assert.ok(!leaks(visitorPushes.events));
    assert.ok(!leaks(await call(v.socket, 'message:history', { cid: ticket.cid, limit: 100 })));
    assert.ok(!leaks(await call(v.socket, 'conversation:list', {})));
    assert.ok(!leaks(await call(v.socket, 'conversation:get', { cid: ticket.cid })));
    assert.ok(!leaks(await call(v.socket, 'message:patches', { after: '0:' })));
    assert.equal(refusal(await request(v.socket, 'support:notes', { cid: ticket.cid })), 'SUPPORT_AGENT_REQUIRED');
    const visitorToken = await t.server.tokens.sign({ id: v.id, name: v.id, role: 'visitor' });
    for (const format of ['text', 'json'] as const) {
      const answer = await transcript(visitorToken, ticket.cid, format);
      assert.equal(answer.status, 200);
      assert.ok(answer.text.includes('Let me check that for you'));
      assert.ok(!answer.text.includes('SECRET'), `no note in the ${format} transcript`);
    }
    const agentToken = await t.server.tokens.sign({ id: agent.id, name: agent.id, role: 'agent', departments: [d] });
    const forAgent = await transcript(agentToken, ticket.cid, 'text');
    assert.match(forAgent.text, /\(internal note\) .*SECRET/);
    assert.deepEqual((await call(agent.socket, 'support:notes', { cid: ticket.cid })).notes.map((n) => n.text), [note.text]);
  });

  it('closes, refuses further messages, asks for a rating and stores it with the reporting figures', async () => {
    const d = freshDepartment();
    const agent = await availableAgent(t, [d]);
    const v = await visitor(t);
    const { ticket } = await start(v, d);
    assert.equal(refusal(await request(v.socket, 'support:rate', { cid: ticket.cid, score: 5 })), 'SUPPORT_NOT_CLOSED');
    assert.ok((await say(agent, ticket.cid, 'Done: your refund is on its way')).ok);
    const closedPush = nextEvent(v.socket, 'support:updated');
    await call(agent.socket, 'support:close', { cid: ticket.cid });
    assert.equal((await closedPush).status, 'closed');
    assert.equal(refusal(await say(v, ticket.cid, 'one more thing')), 'SUPPORT_CONVERSATION_CLOSED');
    assert.equal(refusal(await request(v.socket, 'support:rate', { cid: ticket.cid, score: 6 })), 'INVALID_PAYLOAD');
    const rated = await call(v.socket, 'support:rate', { cid: ticket.cid, score: 4, comment: 'quick, thanks' });
    assert.deepEqual(rated.rating, { score: 4, comment: 'quick, thanks' });

    const report = await httpJson(`${t.url}/api/admin/support/reports`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
    assert.equal(report.status, 200);
    const row = (report.body as { records: Array<{ cid: string; firstResponseMs?: number; resolutionMs?: number; rating?: unknown; agent?: string }> }).records.find(
      (r) => r.cid === ticket.cid,
    );
    assert.ok(row);
    assert.equal(row.agent, agent.id);
    assert.ok(row.firstResponseMs !== undefined && row.firstResponseMs >= 0);
    assert.ok(row.resolutionMs !== undefined && row.resolutionMs >= row.firstResponseMs);
    assert.deepEqual(row.rating, { score: 4, comment: 'quick, thanks' });
    assert.equal((await httpJson(`${t.url}/api/admin/support/reports`)).status, 401);
  });

  it('lists a visitor’s earlier conversations, reopens one and starts a new one', async () => {
    const d = freshDepartment();
    const agent = await availableAgent(t, [d]);
    const v = await visitor(t);
    const first = await start(v, d, 'first question');
    await call(v.socket, 'support:close', { cid: first.ticket.cid });
    const second = await start(v, d, 'second question');
    const { tickets } = await call(v.socket, 'support:mine', {});
    assert.deepEqual(tickets.map((x) => x.cid), [second.ticket.cid, first.ticket.cid]);
    const reopened = await call(v.socket, 'support:reopen', { cid: first.ticket.cid });
    assert.equal(reopened.status, 'active');
    assert.equal(reopened.agent?.id, agent.id);
    assert.ok((await say(v, first.ticket.cid, 'back again')).ok);
    const history = await call(v.socket, 'message:history', { cid: first.ticket.cid });
    assert.deepEqual(history.messages.map((m) => m.text), ['first question', 'back again']);
  });

  it('answers a start sent again (its answer lost) with the conversation it already opened', async () => {
    const d = freshDepartment();
    await availableAgent(t, [d]);
    const v = await visitor(t);
    const payload = { department: d, message: { text: 'is anyone there?', clientId: newClientId() } };
    const first = await call(v.socket, 'support:start', payload);
    const again = await call(v.socket, 'support:start', payload);
    assert.equal(again.ticket.cid, first.ticket.cid);
    assert.equal(again.message?.id, first.message?.id);
    assert.equal((await call(v.socket, 'support:mine', {})).tickets.length, 1);
  });

  it('takes an offline message when nobody is available, and the admin API lists it', async () => {
    const d = freshDepartment();
    const v = await visitor(t);
    const refused = await request(v.socket, 'support:start', { department: d });
    assert.equal(refusal(refused), 'SUPPORT_OFFLINE');
    assert.ok(!refused.ok && refused.error.detail?.reason === 'no-agents');
    assert.equal(refusal(await request(v.socket, 'support:offline-message', { email: 'not-an-email', text: 'hi' })), 'INVALID_PAYLOAD');
    const { id } = await call(v.socket, 'support:offline-message', { email: 'ada@example.com', text: 'Call me back please', department: d, name: 'Ada' });
    const listed = await httpJson(`${t.url}/api/admin/support/offline-messages?limit=1000`, { headers: { authorization: `Bearer ${MASTER_KEY}` } });
    const found = (listed.body as { messages: Array<{ id: string; email: string; text: string; visitor: string; department: string }> }).messages.find((m) => m.id === id);
    assert.deepEqual(found && [found.email, found.text, found.visitor, found.department], ['ada@example.com', 'Call me back please', v.id, d]);
    assert.equal((await httpJson(`${t.url}/api/admin/support/offline-messages`, { headers: { authorization: 'Bearer wrong' } })).status, 401);
  });

  it('checks the department and the pre-chat form, creating nothing on a refusal', async () => {
    const d = freshDepartment();
    await availableAgent(t, [d]);
    const v = await visitor(t);
    assert.equal(refusal(await request(v.socket, 'support:start', { department: 'nope' })), 'INVALID_PAYLOAD');
    assert.equal(refusal(await request(v.socket, 'support:start', { department: d, form: { shoeSize: '42' } })), 'INVALID_PAYLOAD');
    assert.equal(refusal(await request(v.socket, 'support:start', { department: d, form: { email: 'nope' } })), 'INVALID_PAYLOAD');
    assert.equal(refusal(await request(v.socket, 'support:start', { department: d, info: { pageUrl: 'javascript:alert(1)' } })), 'INVALID_PAYLOAD');
    assert.deepEqual((await call(v.socket, 'support:mine', {})).tickets, []);
    const { ticket } = await call(v.socket, 'support:start', { department: d, form: { name: 'Grace', email: 'grace@example.com' } });
    assert.equal(ticket.status, 'active');
  });

  it('gives anonymous visitors a token and a resume secret, and demo agents a token', async () => {
    const created = await httpJson(`${t.url}/api/support/visitors`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(created.status, 201);
    const identity = created.body as { token: string; visitor: { id: string }; resume: string };
    assert.match(identity.visitor.id, /^visitor:/);
    assert.equal((await t.server.tokens.verify(identity.token)).role, 'visitor');
    const resumed = await httpJson(`${t.url}/api/support/visitors`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ resume: identity.resume }) });
    assert.equal((resumed.body as { visitor: { id: string } }).visitor.id, identity.visitor.id);
    const wrong = await httpJson(`${t.url}/api/support/visitors`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ resume: `${identity.visitor.id}.guess` }) });
    assert.equal(wrong.status, 401);
    assert.equal((wrong.body as { error: { name: string } }).error.name, 'SUPPORT_RESUME_REFUSED');

    const demo = await httpJson(`${t.url}/api/demo/token?role=agent`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Ann Agent', departments: ['d1'] }) });
    const demoToken = (demo.body as { token: string }).token;
    const profile = await t.server.tokens.verify(demoToken);
    assert.deepEqual([profile.role, profile.departments], ['agent', ['d1']]);
    const config = await httpJson(`${t.url}/api/support/config`);
    assert.equal((config.body as { departments: unknown[] }).departments.length, DEPARTMENTS.length);
  });
});

describe('customer service outside business hours and under abuse', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({
      demo: false,
      allowedOrigins: ['https://shop.example'],
      support: {
        departments: DEPARTMENTS,
        defaultDepartment: 'd0',
        startsPerVisitor: { points: 2, seconds: 3600 },
        startsPerIp: { points: 4, seconds: 3600 },
        sendsPerVisitor: { points: 3, seconds: 3600 },
      },
    });
  });
  after(async () => {
    closeSockets();
    await t.close();
  });

  it('answers the site’s pages across origins, only for the allowed ones', async () => {
    const allowed = await fetch(`${t.url}/api/support/config`, { headers: { origin: 'https://shop.example' } });
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://shop.example');
    const preflight = await fetch(`${t.url}/api/support/visitors`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    assert.equal(preflight.status, 204);
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /content-type/);
    const other = await fetch(`${t.url}/api/support/config`, { headers: { origin: 'https://evil.example' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    const demoAgent = await fetch(`${t.url}/api/demo/token?role=agent`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"x"}' });
    assert.equal(demoAgent.status, 404, 'no demo tokens outside demo mode');
  });

  it('limits opening conversations per visitor and per address, and sending per visitor', async () => {
    const d = 'd1';
    await availableAgent(t, [d]);
    const v = await visitor(t);
    const { ticket } = await start(v, d);
    assert.ok((await say(v, ticket.cid, 'two')).ok);
    assert.ok((await say(v, ticket.cid, 'three')).ok);
    const tooFast = await say(v, ticket.cid, 'four');
    assert.equal(refusal(tooFast), 'MESSAGE_SENT_QUOTA_EXCEEDED');
    assert.ok(!tooFast.ok && tooFast.error.detail?.scope === 'visitor');
    await call(v.socket, 'support:start', { department: d });
    const third = await request(v.socket, 'support:start', { department: d });
    assert.equal(refusal(third), 'RATE_LIMITED');
    assert.ok(!third.ok && third.error.detail?.scope === 'visitor');
    const w = await visitor(t);
    await call(w.socket, 'support:start', { department: d });
    await call(w.socket, 'support:start', { department: d });
    const fromSameAddress = await request((await visitor(t)).socket, 'support:start', { department: d });
    assert.equal(refusal(fromSameAddress), 'RATE_LIMITED');
    assert.ok(!fromSameAddress.ok && fromSameAddress.error.detail?.scope === 'ip');
    assert.equal(refusal(await request(v.socket, 'support:offline-message', { email: 'a@example.com', text: 'x' })), 'RATE_LIMITED');
  });
});
