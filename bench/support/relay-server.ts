// The floor for cluster benchmarks: plain socket.io with the same Redis adapter Parley uses and
// nothing behind it. Run as its own process (see relay-process.ts); prints its URL once listening.
//   message:send {to, text}  acks at once and forwards to user `to`'s room
//   room:join {room}         joins the room
//   room:send {room, text}   acks at once and pushes to everyone else in the room
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';

type Ack = (result: unknown) => void;

const http = createServer();
const io = new Server(http);
if (process.env.REDIS_URL) {
  const pub = createClient({ url: process.env.REDIS_URL });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub));
}
io.on('connection', (socket) => {
  void socket.join(String(socket.handshake.auth.user));
  socket.on('message:send', (payload: { to: string; text: string }, ack: Ack) => {
    const message = { ...payload, timestamp: Date.now() };
    ack({ ok: true, data: message });
    socket.to(payload.to).emit('message:created', message);
  });
  socket.on('room:join', (payload: { room: string }, ack: Ack) => {
    void socket.join(`room:${payload.room}`);
    ack({ ok: true, data: {} });
  });
  socket.on('room:send', (payload: { room: string; text: string }, ack: Ack) => {
    const message = { ...payload, timestamp: Date.now() };
    ack({ ok: true, data: message });
    socket.to(`room:${payload.room}`).emit('message:created', message);
  });
});
http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`relay listening on http://127.0.0.1:${(http.address() as AddressInfo).port}`);
});
