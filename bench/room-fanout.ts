// Chat room fan-out: one message to MEMBERS connections in one chat room, spread over two Parley
// nodes (`npm start` processes on PostgreSQL + Redis), against two plain socket.io relay
// processes with the same Redis adapter, in the same run, with the same client code.
// MESSAGES messages, one at a time (each once the previous one reached everybody), from a few
// rotating senders (within the chat room flood budget); for each: the time until the last member
// has it, and every member's send-to-receive time.
// Run: node --import tsx bench/room-fanout.ts   (MEMBERS, MESSAGES to change)
// Needs Debian's postgresql and redis-server (throwaway instances are started and removed).
import type { Socket } from 'socket.io-client';
import { newClientId } from '../test/support/test-server.js';
import { startPostgres, startRedis } from '../test/support/services.js';
import { startParleyNodes, startRelays } from './support/cluster-processes.js';
import { ms, summary } from './support/stats.js';

const MEMBERS = Number(process.env.MEMBERS ?? 5000);
const MESSAGES = Number(process.env.MESSAGES ?? 20);
const NODES = 2;
const SENDERS = 5;
/** Connections opened (and rooms joined) at once while setting up. */
const SETUP_BATCH = 100;

interface Target {
  name: string;
  members: Socket[];
  send(sender: Socket, text: string): Promise<unknown>;
  /** Parley only: how long `conversation:count` takes on the full room. */
  countTimes?(): Promise<number[]>;
  close(): Promise<unknown>;
}

async function inBatches<T>(count: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += SETUP_BATCH) {
    out.push(...(await Promise.all(Array.from({ length: Math.min(SETUP_BATCH, count - i) }, (_, j) => make(i + j)))));
  }
  return out;
}

async function parley(postgres: Awaited<ReturnType<typeof startPostgres>>, redis: Awaited<ReturnType<typeof startRedis>>): Promise<Target> {
  const cluster = await startParleyNodes(NODES, postgres, redis);
  const members = await inBatches(MEMBERS, (i) => cluster.connect(i % NODES, `member-${i}`));
  const created = (await members[0]!.timeout(10_000).emitWithAck('conversation:create-chat-room', { name: 'Town square' })) as { data: { id: string } };
  const cid = created.data.id;
  await inBatches(MEMBERS, async (i) => {
    const joined = (await members[i]!.timeout(60_000).emitWithAck('conversation:join', { cid })) as { ok: boolean };
    if (!joined.ok) throw new Error(`member ${i} could not join`);
  });
  return {
    name: 'parley',
    members,
    send: async (sender, text) => {
      const ack = (await sender.timeout(30_000).emitWithAck('message:send', { cid, clientId: newClientId(), type: -1, text })) as { ok: boolean; error?: unknown };
      if (!ack.ok) throw new Error(`send refused: ${JSON.stringify(ack.error)}`);
    },
    async countTimes() {
      const times: number[] = [];
      for (let i = 0; i < 50; i++) {
        const started = performance.now();
        const answer = (await members[i % NODES]!.timeout(10_000).emitWithAck('conversation:count', { cid })) as { data: { count: number } };
        times.push(performance.now() - started);
        if (answer.data.count !== MEMBERS) throw new Error(`count ${answer.data.count}, expected ${MEMBERS}`);
      }
      return times;
    },
    close: async () => {
      for (const m of members) m.close();
      await cluster.stop();
    },
  };
}

async function relay(redis: Awaited<ReturnType<typeof startRedis>>): Promise<Target> {
  const relays = await startRelays(NODES, redis);
  const members = await inBatches(MEMBERS, (i) => relays.connect(i % NODES, `member-${i}`));
  await inBatches(MEMBERS, (i) => members[i]!.timeout(60_000).emitWithAck('room:join', { room: 'town-square' }));
  return {
    name: 'socket.io relay',
    members,
    send: (sender, text) => sender.timeout(30_000).emitWithAck('room:send', { room: 'town-square', text }),
    close: async () => {
      for (const m of members) m.close();
      await relays.stop();
    },
  };
}

/** Sends MESSAGES one at a time; answers the time-to-everyone of each, and every receipt's latency. */
async function fanOut(target: Target): Promise<{ toAll: number[]; receipts: number[] }> {
  const toAll: number[] = [];
  const receipts: number[] = [];
  let sentAt = 0;
  let current = '';
  let got = 0;
  let allArrived = () => {};
  for (const member of target.members) {
    member.on('message:created', (message: { text: string }) => {
      if (message.text !== current) return;
      receipts.push(performance.now() - sentAt);
      if (++got === target.members.length - 1) allArrived();
    });
  }
  for (let i = 0; i < MESSAGES; i++) {
    const sender = target.members[i % SENDERS]!;
    current = `announcement ${i}`;
    got = 0;
    const arrived = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${target.name}: only ${got} of ${target.members.length - 1} got "${current}"`)), 60_000);
      allArrived = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    sentAt = performance.now();
    await target.send(sender, current);
    await arrived;
    toAll.push(performance.now() - sentAt);
  }
  for (const member of target.members) member.off('message:created');
  return { toAll, receipts };
}

const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
const results = new Map<string, { toAll: ReturnType<typeof summary>; receipts: ReturnType<typeof summary> }>();
try {
  for (const make of [() => relay(redis), () => parley(postgres, redis)]) {
    const target = await make();
    const measured = await fanOut(target);
    const toAll = summary(measured.toAll);
    const receipts = summary(measured.receipts);
    results.set(target.name, { toAll, receipts });
    console.log(
      `${target.name.padEnd(16)} to all ${MEMBERS - 1}: p50 ${ms(toAll.p50)}, p99 ${ms(toAll.p99)}   ` +
        `each receipt: p50 ${ms(receipts.p50)}, p99 ${ms(receipts.p99)}`,
    );
    if (target.countTimes) {
      const count = summary(await target.countTimes());
      console.log(`${''.padEnd(16)} conversation:count of ${MEMBERS} online (round trip): p50 ${ms(count.p50)}, p99 ${ms(count.p99)}`);
    }
    await target.close();
  }
} finally {
  await redis.stop();
  await postgres.stop();
}
const parleyResult = results.get('parley')!;
const relayResult = results.get('socket.io relay')!;
console.log(
  `\n${MEMBERS} members over ${NODES} nodes, ${MESSAGES} messages.\n` +
    `time-to-all ratio parley/relay: p50 ${(parleyResult.toAll.p50 / relayResult.toAll.p50).toFixed(2)}, p99 ${(parleyResult.toAll.p99 / relayResult.toAll.p99).toFixed(2)}`,
);
process.exit(0);
