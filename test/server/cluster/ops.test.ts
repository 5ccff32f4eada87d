import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, newClientId, rawRequest, startTestServer, type TestServer } from '../../support/test-server.js';

/** The value of one sample line in Prometheus text format, e.g. `parley_connections 2`. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

describe('operations endpoints', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
  });

  const metrics = async () => {
    const response = await fetch(`${t.url}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
    return response.text();
  };

  it('is ready once the database answers', async () => {
    const response = await fetch(`${t.url}/readyz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { ready: true });
  });

  it('counts connections, committed messages, ack latency by command and store commit latency', async () => {
    const before = await metrics();
    assert.equal(sample(before, 'parley_connections'), 0);
    assert.equal(sample(before, 'parley_messages_total'), 0);

    const alice = await t.connect('ops-alice');
    await t.connect('ops-bob');
    const conversation = await call(alice, 'conversation:create', { members: ['ops-bob'], unique: false });
    for (const text of ['one', 'two']) await call(alice, 'message:send', { cid: conversation.id, clientId: newClientId(), type: -1, text });
    await rawRequest(alice, 'no:such-command', {});
    const refused = await rawRequest(alice, 'message:send', { cid: conversation.id });
    assert.equal(refused.ok, false);

    const text = await metrics();
    assert.equal(sample(text, 'parley_connections'), 2);
    assert.equal(sample(text, 'parley_messages_total'), 2);
    assert.equal(sample(text, 'parley_command_ack_seconds_count{command="message:send",outcome="ok"}'), 2);
    assert.equal(sample(text, 'parley_command_ack_seconds_count{command="message:send",outcome="error"}'), 1);
    assert.equal(sample(text, 'parley_command_ack_seconds_count{command="unknown",outcome="error"}'), 1);
    assert.equal(sample(text, 'parley_queued_writes'), 0);
    // Both sends waited for a commit; the refused one never reached the store.
    assert.equal(sample(text, 'parley_store_commit_seconds_count'), 2);
    assert.ok(sample(text, 'parley_store_commit_seconds_sum')! > 0);
  });
});
