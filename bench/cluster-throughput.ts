// 1:1 text messages on PostgreSQL + Redis: Parley on one node and on two (`npm start`
// processes), each against a plain socket.io relay with the same Redis adapter on as many
// processes, in the same run, with the same client code. Clients are spread round-robin over the
// nodes, so on two nodes half the pairs cross nodes.
// 1. throughput: PAIRS senders, each with WINDOW messages in flight; msg/s until every receiver has all;
// 2. latency: the same pairs at a steady total RATE for SECONDS; send-to-receive p50 and p99.
// Run: node --import tsx bench/cluster-throughput.ts   (PAIRS, MESSAGES, WINDOW, RATE, SECONDS to change)
// Needs Debian's postgresql and redis-server (throwaway instances are started and removed).
import type { Socket } from 'socket.io-client';
import { newClientId } from '../test/support/test-server.js';
import { startPostgres, startRedis } from '../test/support/services.js';
import { startParleyNodes, startRelays } from './support/cluster-processes.js';
import { ms, summary } from './support/stats.js';

const PAIRS = Number(process.env.PAIRS ?? 20);
const MESSAGES = Number(process.env.MESSAGES ?? 2000);
const WINDOW = Number(process.env.WINDOW ?? 5);
const RATE = Number(process.env.RATE ?? 100);
const SECONDS = Number(process.env.SECONDS ?? 5);

interface Pair {
  sender: Socket;
  receiver: Socket;
  /** Parley: the conversation; relay: the receiver's name. */
  to: string;
}

interface Target {
  name: string;
  pairs: Pair[];
  send(pair: Pair, text: string): Promise<unknown>;
  close(): Promise<unknown>;
}

/** Senders alternate over the nodes, receivers too but shifted every other pair: on two nodes half the pairs cross. */
const senderNode = (i: number, n: number) => i % n;
const receiverNode = (i: number, n: number) => (i + Math.floor(i / 2)) % n;

async function parley(nodeCount: number, postgres: Awaited<ReturnType<typeof startPostgres>>, redis: Awaited<ReturnType<typeof startRedis>>): Promise<Target> {
  const cluster = await startParleyNodes(nodeCount, postgres, redis);
  const pairs: Pair[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const sender = await cluster.connect(senderNode(i, nodeCount), `sender-${i}`);
    const receiver = await cluster.connect(receiverNode(i, nodeCount), `receiver-${i}`);
    const created = (await sender.timeout(10_000).emitWithAck('conversation:create', { members: [`receiver-${i}`] })) as { data: { id: string } };
    pairs.push({ sender, receiver, to: created.data.id });
  }
  return {
    name: `parley ${nodeCount} node${nodeCount > 1 ? 's' : ''}`,
    pairs,
    send: (pair, text) => pair.sender.timeout(60_000).emitWithAck('message:send', { cid: pair.to, clientId: newClientId(), type: -1, text }),
    close: async () => {
      for (const p of pairs) (p.sender.close(), p.receiver.close());
      await cluster.stop();
    },
  };
}

async function relay(processCount: number, redis: Awaited<ReturnType<typeof startRedis>>): Promise<Target> {
  const relays = await startRelays(processCount, redis);
  const pairs: Pair[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const sender = await relays.connect(senderNode(i, processCount), `sender-${i}`);
    const receiver = await relays.connect(receiverNode(i, processCount), `receiver-${i}`);
    pairs.push({ sender, receiver, to: `receiver-${i}` });
  }
  return {
    name: `relay ${processCount} process${processCount > 1 ? 'es' : ''}`,
    pairs,
    send: (pair, text) => pair.sender.timeout(60_000).emitWithAck('message:send', { to: pair.to, text }),
    close: async () => {
      for (const p of pairs) (p.sender.close(), p.receiver.close());
      await relays.stop();
    },
  };
}

async function throughput(target: Target): Promise<number> {
  const perPair = Math.floor(MESSAGES / target.pairs.length);
  const start = performance.now();
  await Promise.all(
    target.pairs.map(async (pair) => {
      let received = 0;
      const all = new Promise<void>((resolve) => {
        const onMessage = () => {
          if (++received === perPair) {
            pair.receiver.off('message:created', onMessage);
            resolve();
          }
        };
        pair.receiver.on('message:created', onMessage);
      });
      let next = 0;
      const lane = async () => {
        while (next < perPair) {
          next++;
          await target.send(pair, `message ${next} of a steady conversation`);
        }
      };
      await Promise.all(Array.from({ length: WINDOW }, lane));
      await all;
    }),
  );
  return (perPair * target.pairs.length) / ((performance.now() - start) / 1000);
}

async function latency(target: Target): Promise<number[]> {
  const samples: number[] = [];
  const sentAt = new Map<string, number>();
  for (const { receiver } of target.pairs) {
    receiver.on('message:created', (message: { text: string }) => {
      const at = sentAt.get(message.text);
      if (at !== undefined) samples.push(performance.now() - at);
    });
  }
  const total = RATE * SECONDS;
  const start = performance.now();
  const sends: Promise<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const wait = start + (i * 1000) / RATE - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const pair = target.pairs[i % target.pairs.length]!;
    const text = `latency probe ${i}`;
    sentAt.set(text, performance.now());
    sends.push(target.send(pair, text));
  }
  await Promise.all(sends);
  const deadline = Date.now() + 10_000;
  while (samples.length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  for (const { receiver } of target.pairs) receiver.off('message:created');
  return samples;
}

const [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
const results = new Map<string, { rate: number; p50: number; p99: number }>();
try {
  for (const make of [() => relay(1, redis), () => parley(1, postgres, redis), () => relay(2, redis), () => parley(2, postgres, redis)]) {
    const target = await make();
    await throughput(target); // warm-up
    const rate = await throughput(target);
    const { p50, p99 } = summary(await latency(target));
    results.set(target.name, { rate, p50, p99 });
    console.log(`${target.name.padEnd(18)} ${Math.round(rate).toLocaleString('en').padStart(7)} msg/s   latency at ${RATE} msg/s: p50 ${ms(p50)}, p99 ${ms(p99)}`);
    await target.close();
  }
} finally {
  await redis.stop();
  await postgres.stop();
}
const r = (name: string) => results.get(name)!;
const ratio = (a: number, b: number) => (a / b).toFixed(2);
console.log(
  `\n${PAIRS} pairs, ${MESSAGES} messages, ${WINDOW} in flight per sender, PostgreSQL + Redis.\n` +
    `throughput parley/relay: 1 node ${ratio(r('parley 1 node').rate, r('relay 1 process').rate)}, 2 nodes ${ratio(r('parley 2 nodes').rate, r('relay 2 processes').rate)}\n` +
    `p99 parley/relay:        1 node ${ratio(r('parley 1 node').p99, r('relay 1 process').p99)}, 2 nodes ${ratio(r('parley 2 nodes').p99, r('relay 2 processes').p99)}\n` +
    `2 nodes / 1 node:        parley throughput ${ratio(r('parley 2 nodes').rate, r('parley 1 node').rate)}, relay ${ratio(r('relay 2 processes').rate, r('relay 1 process').rate)}`,
);
process.exit(0);
