import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import type { AckResult } from '../../../src/protocol/events.js';
import type { MessageRecord } from '../../../src/protocol/model.js';
import { TokenVerifier } from '../../../src/server/index.js';
import { type ServerProcess, startServerProcess } from '../../support/server-process.js';
import { type PostgresServer, postgresBin, type RedisServer, redisBin, startPostgres, startRedis } from '../../support/services.js';
import { call, connectWithToken, newClientId, TEST_SECRET, type TestSocket } from '../../support/test-server.js';

const missing = !postgresBin() ? 'PostgreSQL not installed' : !redisBin() ? 'Redis not installed' : false;

/**
 * A client as behind a load balancer: connected to one node; when that node goes away it
 * connects to the next, and resends every unacknowledged message with the same clientId (what
 * the real client's outbox does).
 */
class FailoverClient {
  socket!: TestSocket;
  /** Sends repeated after a lost connection. */
  resends = 0;
  private reconnecting: Promise<void> | undefined;

  constructor(
    private readonly urls: () => string[],
    private readonly token: string,
    private at: number,
  ) {}

  async open(): Promise<this> {
    this.socket = await connectWithToken(this.urls()[this.at]!, this.token);
    return this;
  }

  get node(): number {
    return this.at;
  }

  /** Sends until acknowledged, across failovers; a refusal fails the test. */
  async send(cid: string, clientId: string, text: string): Promise<MessageRecord> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const socket = this.socket;
      const ack = await this.ackOrLoss(socket, { cid, clientId, type: -1, text });
      if (ack) {
        if (!ack.ok) throw new Error(`refused: ${ack.error.name}`);
        return ack.data;
      }
      await this.failover(socket);
      this.resends++;
    }
    throw new Error(`${clientId} was never acknowledged`);
  }

  close(): void {
    this.socket.close();
  }

  /** The ack, or undefined when the connection was lost first. */
  private ackOrLoss(socket: TestSocket, payload: object): Promise<AckResult<MessageRecord> | undefined> {
    if (!socket.connected) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const lost = () => resolve(undefined);
      socket.once('disconnect', lost);
      const emit = socket.timeout(10_000).emitWithAck as (event: string, payload: unknown) => Promise<AckResult<MessageRecord>>;
      emit.call(socket.timeout(10_000), 'message:send', payload).then(
        (ack) => {
          socket.off('disconnect', lost);
          resolve(ack);
        },
        () => resolve(undefined),
      );
    });
  }

  private failover(from: TestSocket): Promise<void> {
    if (this.socket !== from) return Promise.resolve();
    this.reconnecting ??= (async () => {
      from.close();
      const urls = this.urls();
      this.at = (this.at + 1) % urls.length;
      this.socket = await connectWithToken(urls[this.at]!, this.token);
    })().finally(() => (this.reconnecting = undefined));
    return this.reconnecting;
  }
}

/** Two `npm start` processes on one PostgreSQL and one Redis; one of them is killed with SIGKILL. */
describe('a node killed during a burst', { skip: missing }, () => {
  let postgres: PostgresServer;
  let redis: RedisServer;
  let database: pg.Pool;
  let nodes: ServerProcess[] = [];
  const tokens = new TokenVerifier(TEST_SECRET);
  const nodeIds = ['crash-node-a', 'crash-node-b'];

  before(async () => {
    [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
    const databaseUrl = await postgres.createDatabase();
    database = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    for (const nodeId of nodeIds) {
      nodes.push(
        await startServerProcess({
          DATABASE_URL: databaseUrl,
          REDIS_URL: redis.url,
          PARLEY_SECRET: TEST_SECRET,
          PARLEY_NODE_ID: nodeId,
          // Short, so the dead node is noticed within a test's patience.
          PARLEY_HEARTBEAT_MS: '200',
          PARLEY_NODE_TIMEOUT_MS: '1500',
        }),
      );
    }
  });
  after(async () => {
    for (const node of nodes) await node.stop('SIGKILL');
    nodes = [];
    await database?.end();
    await redis?.stop();
    await postgres?.stop();
  });

  const query = async <T extends object>(text: string, values: unknown[] = []) => (await database.query<T & pg.QueryResultRow>(text, values)).rows;

  it('loses and doubles nothing: clients move to the other node, resend, and the dead node’s presence goes', async (t) => {
    const urls = () => nodes.map((n) => n.url);
    const users = Array.from({ length: 8 }, (_, i) => `crash-user-${i}`);
    // Half the users on each node.
    const clients = await Promise.all(users.map(async (user, i) => new FailoverClient(urls, await tokens.sign({ id: user, name: user }), i % 2).open()));
    const onA = clients.filter((c) => c.node === 0);
    const group = await call(clients[0]!.socket, 'conversation:create', { members: users.slice(1), unique: false });

    // The users on node A are also in a chat room (their presence rows name node A).
    const room = await call(clients[1]!.socket, 'conversation:create-chat-room', { name: 'Crash room' });
    for (const client of onA) await call(client.socket, 'conversation:join', { cid: room.id });
    const watcher = clients[1]!.socket;
    assert.equal((await call(watcher, 'conversation:count', { cid: room.id })).count, onA.length);

    // Every user sends PER_SENDER messages, three in flight at a time; node A dies mid-burst.
    const PER_SENDER = 25;
    const acked = new Map<string, MessageRecord>();
    let killed = false;
    const killAfter = (users.length * PER_SENDER) / 3;
    const sender = async (client: FailoverClient, user: string) => {
      let next = 0;
      const lane = async () => {
        while (next < PER_SENDER) {
          const clientId = `${user}-${next++}-${newClientId()}`;
          const message = await client.send(group.id, clientId, `${user} says ${next}`);
          assert.ok(!acked.has(clientId), 'one ack per message');
          acked.set(clientId, message);
          if (!killed && acked.size >= killAfter) {
            killed = true;
            await nodes[0]!.stop('SIGKILL');
          }
        }
      };
      await Promise.all([lane(), lane(), lane()]);
    };
    await Promise.all(clients.map((client, i) => sender(client, users[i]!)));
    assert.ok(killed, 'node A was killed during the burst');
    assert.ok(clients.every((c) => c.node === 1), 'every client ended up on node B');
    t.diagnostic(`${clients.reduce((n, c) => n + c.resends, 0)} sends repeated after the kill`);

    // Every accepted message is stored once, and the seq has no gap and no repeat.
    const total = users.length * PER_SENDER;
    assert.equal(acked.size, total);
    const stored = await query<{ client_id: string; seq: string; id: string }>(
      'select client_id, seq, id from messages where conversation_id = $1 order by seq',
      [group.id],
    );
    assert.equal(stored.length, total, 'no message lost, none doubled');
    assert.deepEqual(
      stored.map((m) => Number(m.seq)),
      Array.from({ length: total }, (_, i) => i + 1),
    );
    for (const row of stored) assert.equal(acked.get(row.client_id)?.id, row.id, 'the ack named the stored message');

    // History read on the surviving node has all of it, in one order.
    const history: MessageRecord[] = [];
    for (let beforeSeq = total + 1; beforeSeq > 1; ) {
      const page = await call(watcher, 'message:history', { cid: group.id, beforeSeq, limit: 100 });
      if (page.messages.length === 0) break;
      history.push(...page.messages);
      beforeSeq = Math.min(...page.messages.map((m) => m.seq));
    }
    assert.equal(new Set(history.map((m) => m.id)).size, total);

    // Node A's chat room presence is released by node B once A's heartbeat is overdue.
    const deadline = Date.now() + 20_000;
    while ((await call(watcher, 'conversation:count', { cid: room.id })).count !== 0) {
      assert.ok(Date.now() < deadline, 'the dead node’s presence was never cleaned up');
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.deepEqual(await query('select socket_id from chat_room_presence where node_id = $1', [nodeIds[0]]), []);
    assert.deepEqual(await query('select node_id from cluster_nodes order by node_id'), [{ node_id: nodeIds[1] }]);
    // Its users may come back into the room on node B, within the rejoin window.
    for (const client of onA) assert.equal((await call(client.socket, 'conversation:rejoin', { cid: room.id })).id, room.id);
    assert.equal((await call(watcher, 'conversation:count', { cid: room.id })).count, onA.length);

    for (const client of clients) client.close();
  });
});
