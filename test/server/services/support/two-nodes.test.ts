import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type PostgresServer, postgresBin, type RedisServer, redisBin, startPostgres, startRedis } from '../../../support/services.js';
import { nextEvent, request, startTestServer, type TestServer } from '../../../support/test-server.js';
import { availableAgent, awayAgent, closeSockets, DEPARTMENTS, freshDepartment, refusal, start, visitor } from './support-helpers.js';

const missing = !postgresBin() ? 'PostgreSQL not installed' : !redisBin() ? 'Redis not installed' : false;

/** Routing state lives in the shared database: two nodes route as one. */
describe('customer service on two nodes sharing PostgreSQL and Redis', { skip: missing }, () => {
  let postgres: PostgresServer;
  let redis: RedisServer;
  const nodes: TestServer[] = [];
  const support = { departments: DEPARTMENTS, defaultDepartment: 'd0', maxOpenPerAgent: 1 };

  before(async () => {
    [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
    const databaseUrl = await postgres.createDatabase();
    for (let i = 0; i < 2; i++) nodes.push(await startTestServer({ databaseUrl, redisUrl: redis.url, support }));
  });
  after(async () => {
    closeSockets();
    for (const node of nodes.splice(0)) await node.close();
    await redis?.stop();
    await postgres?.stop();
  });

  it('routes a visitor on one node to the least busy agent connected to the other', async () => {
    const d = freshDepartment();
    const [a, b] = [nodes[0]!, nodes[1]!];
    const busy = await availableAgent(a, [d], 'busy');
    const first = await start(await visitor(b), d);
    assert.equal(first.ticket.agent?.id, busy.id);
    const free = await availableAgent(b, [d], 'free');
    const assigned = nextEvent(free.socket, 'support:assigned');
    const second = await start(await visitor(a), d);
    assert.equal(second.ticket.agent?.id, free.id);
    assert.equal((await assigned).cid, second.ticket.cid);
  });

  it('never gives an agent more than their limit when visitors start at once on both nodes', async () => {
    const d = freshDepartment();
    await availableAgent(nodes[0]!, [d], 'solo');
    const [one, two] = await Promise.all([visitor(nodes[0]!), visitor(nodes[1]!)]);
    const tickets = (await Promise.all([start(one, d), start(two, d)])).map((r) => r.ticket);
    assert.deepEqual(tickets.map((t) => t.status).sort(), ['active', 'queued']);
  });

  it('gives a waiting conversation to exactly one of two agents taking it on different nodes', async () => {
    const d = freshDepartment();
    const [a, b] = [nodes[0]!, nodes[1]!];
    await availableAgent(a, [d], 'full');
    await start(await visitor(a), d);
    const waiting = await start(await visitor(b), d);
    assert.equal(waiting.ticket.status, 'queued');
    const y = await awayAgent(a, [d], 'y');
    const z = await awayAgent(b, [d], 'z');
    const results = await Promise.all([
      request(y.socket, 'support:take', { cid: waiting.ticket.cid }),
      request(z.socket, 'support:take', { cid: waiting.ticket.cid }),
    ]);
    assert.equal(results.filter((r) => r.ok).length, 1);
    assert.equal(refusal(results.find((r) => !r.ok)!), 'SUPPORT_ALREADY_TAKEN');
  });
});
