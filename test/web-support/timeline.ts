// Helpers for tests of <chat-room>'s message window: big cached conversations, scrolling, positions.
import { fixture, html } from '@open-wc/testing';
import { io } from 'socket.io-client';
import type { ChatClient } from '../../src/client/chat-client.js';
import '../../src/elements/chat-room/chat-room.js';
import type { ChatRoom } from '../../src/elements/chat-room/chat-room.js';
import { connectClient, serverUrl, tokenFor, uniqueUser, until } from './parley.js';

/** The rendered window may never hold more message nodes than this. */
export const MOST_MESSAGE_NODES = 150;

/** Sends `count` messages `m1`… as `user` over a plain socket, pipelined: a fast way to fill a conversation. */
export async function fill(user: string, cid: string, count: number): Promise<void> {
  const socket = io(await serverUrl(), { auth: { token: await tokenFor(user) }, transports: ['websocket'] });
  const acks = Array.from({ length: count }, (_, i) =>
    socket.timeout(60_000).emitWithAck('message:send', { cid, clientId: `fill-${cid}-${i}`, type: -1, text: `m${i + 1}` }),
  );
  await Promise.all(acks);
  socket.close();
}

/** A conversation of `count` messages from alice, all of them in bob's cache. */
export async function cachedConversation(count: number): Promise<{ alice: ChatClient; bob: ChatClient; cid: string }> {
  const alice = await connectClient(uniqueUser('alice'));
  const bob = await connectClient(uniqueUser('bob'));
  const { id: cid } = await alice.createConversation({ members: [bob.user.id] });
  await fill(alice.user.id, cid, count);
  await bob.openConversation(cid);
  while (await bob.loadOlder(cid, 100));
  return { alice, bob, cid };
}

export const log = (room: ChatRoom) => room.shadowRoot!.querySelector<HTMLElement>('.log')!;
export const messageNodes = (room: ChatRoom) => room.shadowRoot!.querySelectorAll('.message').length;
export const bubbles = (room: ChatRoom) => [...room.shadowRoot!.querySelectorAll('.log > .message .bubble')].map((b) => b.textContent);
export const rows = (room: ChatRoom) =>
  [...room.shadowRoot!.querySelectorAll('.log > .message, .log > .separator')].map((row) =>
    row.classList.contains('separator') ? `--${row.classList.contains('unread') ? 'unread' : 'day'}--` : row.querySelector('.bubble')!.textContent,
  );
export const atBottom = (room: ChatRoom) => {
  const element = log(room);
  return element.scrollHeight - element.scrollTop - element.clientHeight < 2;
};

export async function openRoom(client: ChatClient, cid: string): Promise<ChatRoom> {
  const room = await fixture<ChatRoom>(html`<chat-room style="display:flex;height:400px" .client=${client} conversation=${cid}></chat-room>`);
  await until(() => messageNodes(room) > 0 && atBottom(room), 'opened at the newest message');
  return room;
}

/** Scrolls to the top of what is rendered until `done`, checking the node count at every step. */
export async function scrollBackUntil(room: ChatRoom, done: () => boolean, what: string, seen: number[]): Promise<void> {
  await until(
    () => {
      seen.push(messageNodes(room));
      if (done()) return true;
      log(room).scrollTop = 0;
      return false;
    },
    what,
    60_000,
  );
}

export async function scrollForwardUntil(room: ChatRoom, done: () => boolean, what: string, seen: number[]): Promise<void> {
  await until(
    () => {
      seen.push(messageNodes(room));
      if (done()) return true;
      log(room).scrollTop = log(room).scrollHeight;
      return false;
    },
    what,
    60_000,
  );
}

/** How far the message with this text is from the log's top edge. */
export function offsetOf(room: ChatRoom, text: string): number {
  const element = log(room);
  const row = [...element.querySelectorAll<HTMLElement>(':scope > .message')].find((m) => m.querySelector('.bubble')!.textContent === text)!;
  return row.getBoundingClientRect().top - element.getBoundingClientRect().top;
}

/** The first message in view and how far it is from the log's top edge. */
export function firstInView(room: ChatRoom): { text: string; offset: number } {
  const element = log(room);
  const top = element.getBoundingClientRect().top;
  const row = [...element.querySelectorAll<HTMLElement>(':scope > .message')].find((m) => m.getBoundingClientRect().bottom > top)!;
  const text = row.querySelector('.bubble')!.textContent!;
  return { text, offset: offsetOf(room, text) };
}

