import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../support/test-server.js';
import { closeSockets, connectAs } from './support-helpers.js';

/**
 * An agent's connection is recorded with the node holding it; when that node dies its rows go,
 * so routing stops counting the agent as online.
 */
describe('agent connections and the nodes that hold them', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer({ heartbeat: { intervalMs: 50, timeoutMs: 300 } });
  });
  after(async () => {
    closeSockets();
    await t.close();
  });

  const connectionRows = (user: string) =>
    t.server.db.selectFrom('support_agent_connections').select(['node_id']).where('user_id', '=', user).execute();

  it('records the node; a dead node’s rows go once its heartbeat has stopped, a live node’s stay', async () => {
    const agent = 'agent-on-live-node';
    await connectAs(t, agent, { role: 'agent' });
    // The connection is recorded just after the handshake: wait (bounded) for it.
    for (let i = 0; i < 200 && (await connectionRows(agent)).length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(await connectionRows(agent), [{ node_id: t.server.nodeId }]);

    // A node that died: its heartbeat is old and it still "holds" an agent connection.
    const long = Date.now() - 60_000;
    await t.server.db.insertInto('cluster_nodes').values({ node_id: 'dead-node', heartbeat_at: long }).execute();
    await t.server.db
      .insertInto('support_agent_connections')
      .values({ socket_id: 'ghost-socket', user_id: 'agent-on-dead-node', connected_at: long, node_id: 'dead-node' })
      .execute();
    const deadline = Date.now() + 10_000;
    while ((await connectionRows('agent-on-dead-node')).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    assert.deepEqual(await connectionRows('agent-on-dead-node'), []);
    assert.deepEqual(await connectionRows(agent), [{ node_id: t.server.nodeId }], 'the live node’s connection stays');
  });
});
