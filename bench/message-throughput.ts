// 1:1 text messages through Parley (validated, committed durably to SQLite, then delivered) against a plain socket.io relay (ack at once, forward) in the same run, same
// machine, same client code:
// 1. throughput: PAIRS senders, each with WINDOW messages in flight, each to their own 1:1
//    partner; messages per second until every receiver has all of them, and the process's CPU
//    time per message (client and server share this process, so the difference is the server's);
// 2. latency: the same pairs sending at a steady total RATE; send-to-receive time, p50 and p99;
// 3. the floor under a durable ack: this disk's fdatasync time for a small append (an ack that
//    waits for the disk cannot be faster than the disk, so compare Parley's p99 with this).
// Run: node --import tsx bench/message-throughput.ts   (PAIRS, MESSAGES, WINDOW, RATE, SECONDS, ROUNDS to change)
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { call, newClientId, startTestServer } from '../test/support/test-server.js';
import { ms, percentile, summary } from './support/stats.js';

const PAIRS = Number(process.env.PAIRS ?? 100);
const MESSAGES = Number(process.env.MESSAGES ?? 10_000);
const WINDOW = Number(process.env.WINDOW ?? 20);
const RATE = Number(process.env.RATE ?? 500);
const SECONDS = Number(process.env.SECONDS ?? 5);
const ROUNDS = Number(process.env.ROUNDS ?? 3);

/** One side of the comparison: how to send a message and how a receiver hears it. */
interface Target {
  name: string;
  pairs: { sender: Socket; receiver: Socket; cid: string }[];
  send(sender: Socket, cid: string, text: string): Promise<unknown>;
  event: string;
  close(): Promise<void>;
}

async function parleyTarget(): Promise<Target> {
  // Each sender here sends far beyond a person's pace; the per-user budget is checked, never spent.
  const t = await startTestServer({ clientLimits: { commandPoints: 1e9 } });
  const pairs: Target['pairs'] = [];
  for (let i = 0; i < PAIRS; i++) {
    const sender = await t.connect(`sender-${i}`);
    const receiver = await t.connect(`receiver-${i}`);
    const { id } = await call(sender, 'conversation:create', { members: [`receiver-${i}`] });
    pairs.push({ sender: sender as unknown as Socket, receiver: receiver as unknown as Socket, cid: id });
  }
  return {
    name: 'parley',
    pairs,
    event: 'message:created',
    send: (sender, cid, text) => sender.timeout(30_000).emitWithAck('message:send', { cid, clientId: newClientId(), type: -1, text }),
    close: () => t.close(),
  };
}

/** The floor: socket.io with nothing behind it. Acks at once and forwards to the partner's room. */
async function relayTarget(): Promise<Target> {
  const http = createServer();
  const server = new Server(http);
  server.on('connection', (socket) => {
    void socket.join(String(socket.handshake.auth.user));
    socket.on('message:send', (payload: { to: string; text: string }, ack: (r: unknown) => void) => {
      const message = { ...payload, timestamp: Date.now() };
      ack({ ok: true, data: message });
      socket.to(payload.to).emit('message:created', message);
    });
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const open = (user: string) =>
    new Promise<Socket>((resolve) => {
      const socket = connect(url, { auth: { user }, transports: ['websocket'], forceNew: true });
      socket.once('connect', () => resolve(socket));
    });
  const pairs: Target['pairs'] = [];
  for (let i = 0; i < PAIRS; i++) pairs.push({ sender: await open(`sender-${i}`), receiver: await open(`receiver-${i}`), cid: `receiver-${i}` });
  return {
    name: 'socket.io relay',
    pairs,
    event: 'message:created',
    send: (sender, to, text) => sender.timeout(30_000).emitWithAck('message:send', { to, text }),
    async close() {
      for (const p of pairs) {
        p.sender.close();
        p.receiver.close();
      }
      await server.close();
    },
  };
}

/** Every sender keeps WINDOW messages in flight until MESSAGES in all are sent; msg/s to the last receipt. */
async function throughput(target: Target): Promise<{ rate: number; cpuMicros: number }> {
  const perPair = Math.floor(MESSAGES / target.pairs.length);
  const start = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    target.pairs.map(async ({ sender, receiver, cid }) => {
      let received = 0;
      const all = new Promise<void>((resolve) => {
        const onMessage = () => {
          if (++received === perPair) {
            receiver.off(target.event, onMessage);
            resolve();
          }
        };
        receiver.on(target.event, onMessage);
      });
      let next = 0;
      const lane = async () => {
        while (next < perPair) {
          next++;
          await target.send(sender, cid, `message ${next} of a steady conversation`);
        }
      };
      await Promise.all(Array.from({ length: WINDOW }, lane));
      await all;
    }),
  );
  const total = perPair * target.pairs.length;
  const used = process.cpuUsage(cpu);
  return { rate: total / ((performance.now() - start) / 1000), cpuMicros: (used.user + used.system) / total };
}

/** p50/p99 of appending 4 KB to a file and waiting for fdatasync, SAMPLES times. */
async function diskSyncFloor(samples = 500): Promise<ReturnType<typeof summary>> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-fsync-'));
  const file = await open(join(dir, 'probe'), 'w');
  const block = Buffer.alloc(4096, 1);
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await file.write(block);
    await file.datasync();
    times.push(performance.now() - start);
  }
  await file.close();
  rmSync(dir, { recursive: true, force: true });
  return summary(times);
}

/** A steady RATE (all pairs together) for SECONDS: send-to-receive latency of each message. */
async function latency(target: Target): Promise<number[]> {
  const samples: number[] = [];
  const sentAt = new Map<string, number>();
  for (const { receiver } of target.pairs) {
    receiver.on(target.event, (message: { text: string }) => {
      const at = sentAt.get(message.text);
      if (at !== undefined) samples.push(performance.now() - at);
    });
  }
  const total = RATE * SECONDS;
  const interval = 1000 / RATE;
  const start = performance.now();
  const sends: Promise<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const { sender, cid } = target.pairs[i % target.pairs.length]!;
    const text = `latency probe ${i}`;
    sentAt.set(text, performance.now());
    sends.push(target.send(sender, cid, text));
  }
  await Promise.all(sends);
  const deadline = Date.now() + 10_000;
  while (samples.length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  for (const { receiver } of target.pairs) receiver.off(target.event);
  return samples;
}

// Both servers run side by side and take turns, ROUNDS times: a busy moment on this shared
// machine falls on both alike, and each round gives its own ratio (the median is reported).
const relay = await relayTarget();
const parley = await parleyTarget();
const targets = [relay, parley];
for (const target of targets) await throughput({ ...target }); // warm-up
const rounds = new Map(targets.map((target) => [target, [] as { rate: number; cpuMicros: number }[]]));
const samples = new Map(targets.map((target) => [target, [] as number[]]));
for (let round = 0; round < ROUNDS; round++) for (const target of targets) rounds.get(target)!.push(await throughput(target));
for (let round = 0; round < ROUNDS; round++) for (const target of targets) samples.get(target)!.push(...(await latency(target)));
const median = (values: number[]) => percentile(values, 50);
const lat = new Map(targets.map((target) => [target, summary(samples.get(target)!)]));
for (const target of targets) {
  const { p50, p99 } = lat.get(target)!;
  console.log(
    `${target.name.padEnd(16)} ${Math.round(median(rounds.get(target)!.map((r) => r.rate))).toLocaleString('en')} msg/s ` +
      `(${median(rounds.get(target)!.map((r) => r.cpuMicros)).toFixed(0)} µs CPU per message)   latency at ${RATE} msg/s: p50 ${ms(p50)}, p99 ${ms(p99)}`,
  );
}
const ratios = rounds.get(parley)!.map((r, i) => r.rate / rounds.get(relay)![i]!.rate);
const extraCpu = rounds.get(parley)!.map((r, i) => r.cpuMicros - rounds.get(relay)![i]!.cpuMicros);
for (const target of targets) await target.close();
const disk = await diskSyncFloor();
console.log(
  `\n${PAIRS} pairs, ${MESSAGES} messages, ${WINDOW} in flight per sender; ${ROUNDS} rounds, medians.\n` +
    `disk: 4 KB append + fdatasync p50 ${ms(disk.p50)}, p99 ${ms(disk.p99)} (the floor under a durable ack)\n` +
    `server CPU per message beyond the relay's: ${median(extraCpu).toFixed(0)} µs\n` +
    `throughput ratio parley/relay: ${median(ratios).toFixed(2)} (rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')}; target >= 0.7)\n` +
    `p99 ratio parley/relay: ${(lat.get(parley)!.p99 / lat.get(relay)!.p99).toFixed(2)} (target <= 2)`,
);
process.exit(0);
