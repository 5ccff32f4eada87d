import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { ChatClient } from '../../src/client/chat-client.js';
import { ChatError } from '../../src/protocol/chat-error.js';
import { MessageType } from '../../src/protocol/limits.js';
import type { MessageRecord, ReceiptState } from '../../src/protocol/model.js';
import { closeClients, connectClient, firstValue, uniqueUser, until } from '../web-support/parley.js';

/** A small real PNG, drawn by the browser. */
async function pngBlob(width: number, height: number): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height);
  canvas.getContext('2d')!.fillRect(0, 0, width, height);
  return canvas.convertToBlob({ type: 'image/png' });
}

async function cached(client: ChatClient, cid: string): Promise<MessageRecord[]> {
  return (await client.queryMessages(cid, { limit: 100 })).messages;
}

function nextEvent<T>(client: ChatClient, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event`)), 5000);
    client.addEventListener(type, (event) => {
      clearTimeout(timer);
      resolve((event as CustomEvent<T>).detail);
    }, { once: true });
  });
}

describe('ChatClient: message types and options', () => {
  afterEach(closeClients);

  async function pair() {
    const alice = await connectClient(uniqueUser('alice'));
    const bob = await connectClient(uniqueUser('bob'));
    const conversation = await alice.createConversation({ members: [bob.user.id] });
    await bob.openConversation(conversation.id);
    return { alice, bob, cid: conversation.id };
  }

  it('sends an image with upload progress, and the other member receives it with its size', async () => {
    const { alice, bob, cid } = await pair();
    const progress: number[] = [];
    const image = await pngBlob(40, 30);
    const sent = await alice.sendFile(cid, new File([image], 'square.png', { type: 'image/png' }), {
      text: 'look',
      onProgress: ({ loaded, total }) => progress.push(loaded / total),
    });
    expect(sent.type).to.equal(MessageType.IMAGE);
    expect(sent.file).to.include({ name: 'square.png', mime: 'image/png', width: 40, height: 30 });
    expect(progress.at(-1)).to.equal(1);
    const received = await until(async () => (await cached(bob, cid)).find((m) => m.id === sent.id), 'bob has the image');
    expect(received.file).to.deep.equal(sent.file);
    const response = await fetch(new URL(sent.file!.url, bob.server));
    expect(response.headers.get('content-type')).to.equal('image/png');
  });

  it('cancels an upload in flight: it rejects with AbortError and nothing is sent', async () => {
    const { alice, cid } = await pair();
    const controller = new AbortController();
    const big = new File([new Uint8Array(4 * 1024 * 1024)], 'big.bin', { type: 'application/octet-stream' });
    // Slow uploads down (over loopback they finish before the first progress event).
    await executeServerCommand('parley:throttle-upload', { bytesPerSecond: 512 * 1024 });
    let cancelledAt: number | undefined;
    const sending = alice.sendFile(cid, big, {
      signal: controller.signal,
      onProgress: ({ loaded, total }) => {
        if (cancelledAt === undefined) {
          cancelledAt = loaded / total;
          controller.abort();
        }
      },
    });
    const error = await sending.then(
      () => undefined,
      (e: unknown) => e,
    ).finally(() => executeServerCommand('parley:throttle-upload', { bytesPerSecond: -1 }));
    expect((error as DOMException).name).to.equal('AbortError');
    expect(cancelledAt).to.be.lessThan(1);
    expect(await cached(alice, cid)).to.deep.equal([]);
  });

  it('reports a refused upload as a typed error', async () => {
    const { alice, cid } = await pair();
    const svg = new File(['<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'], 'x.svg', { type: 'image/svg+xml' });
    const error = await alice.sendFile(cid, svg).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(ChatError);
    expect((error as ChatError).name).to.equal('FILE_TYPE_REFUSED');
  });

  it('sends locations and custom types; a type this client does not know is kept', async () => {
    const { alice, bob, cid } = await pair();
    await alice.send(cid, { type: MessageType.LOCATION, location: { latitude: 52.52, longitude: 13.405, label: 'Berlin' } });
    const custom = await alice.send(cid, { type: 4242, fields: { stars: 5 }, text: 'rated' });
    const messages = await until(async () => {
      const list = await cached(bob, cid);
      return list.length === 2 && list;
    }, 'both arrive');
    expect(messages[0]!.location).to.deep.equal({ latitude: 52.52, longitude: 13.405, label: 'Berlin' });
    expect(messages[1]).to.deep.equal(custom);
  });

  it('shows recall and edit on another client, live and after being offline', async () => {
    const { alice, bob, cid } = await pair();
    const first = await alice.send(cid, 'first draft');
    const second = await alice.send(cid, 'second');
    await until(async () => (await cached(bob, cid)).length === 2, 'bob has both');

    const updated = nextEvent<MessageRecord>(bob, 'messageupdate');
    await alice.update(cid, first.id, { text: 'final text' });
    expect((await updated).text).to.equal('final text');
    await until(async () => (await cached(bob, cid))[0]!.text === 'final text', 'edit in bob’s cache');

    bob.disconnect();
    await alice.recall(cid, second.id);
    const recalled = nextEvent<MessageRecord>(bob, 'messagerecall');
    bob.reconnect();
    expect((await recalled).id).to.equal(second.id);
    const [, gone] = await cached(bob, cid);
    expect(gone!.type).to.equal(MessageType.RECALLED);
    expect(gone!.text).to.equal(undefined);
  });

  it('flags an unread mention on the conversation until it is read', async () => {
    const { alice, bob, cid } = await pair();
    await alice.send(cid, { type: -1, text: `@${bob.user.id} hi`, mentionList: [bob.user.id] });
    const flagged = await until(async () => {
      const c = await firstValue(bob.watchConversation(cid));
      return c?.unreadMessagesMentioned === true && c;
    }, 'mention flag');
    expect(flagged.unreadMessagesCount).to.equal(1);
    const [message] = await cached(bob, cid);
    expect(message!.mentioned).to.equal(true);
    await bob.markRead(cid);
    const read = await firstValue(bob.watchConversation(cid));
    expect(read!.unreadMessagesMentioned).to.equal(undefined);
  });

  it('tells the sender of a receipt message when it was delivered and read', async () => {
    const { alice, bob, cid } = await pair();
    const delivered = nextEvent<ReceiptState>(alice, 'lastdeliveredatupdate');
    const sent = await alice.send(cid, { type: -1, text: 'got it?', receipt: true });
    expect((await delivered).lastDeliveredAt).to.equal(sent.timestamp);
    await until(async () => (await cached(alice, cid))[0]!.deliveredAt, 'deliveredAt on the message');
    const read = nextEvent<ReceiptState>(alice, 'lastreadatupdate');
    await until(async () => (await firstValue(bob.watchConversation(cid)))?.unreadMessagesCount === 1, 'bob has it unread');
    await bob.markRead(cid);
    expect((await read).lastReadAt).to.equal(sent.timestamp);
    expect((await firstValue(alice.watchConversation(cid)))!.lastReadAt).to.equal(sent.timestamp);
  });

  it('raises unreadmessagescountupdate as messages arrive and when another device reads', async () => {
    const { alice, bob, cid } = await pair();
    const counts: number[] = [];
    bob.addEventListener('unreadmessagescountupdate', (event) => {
      const changed = (event as CustomEvent<{ id: string; unreadMessagesCount: number }[]>).detail.find((c) => c.id === cid);
      if (changed) counts.push(changed.unreadMessagesCount);
    });
    await alice.send(cid, 'one');
    await alice.send(cid, 'two');
    await until(() => counts.at(-1) === 2, 'two unread');
    const bobsPhone = await connectClient(bob.user.id);
    await bobsPhone.openConversation(cid);
    await bobsPhone.markRead(cid);
    await until(() => counts.at(-1) === 0, 'read on the other device');
    // Live queries may coalesce changes made together; the last two states are certain.
    expect(counts.slice(-2)).to.deep.equal([2, 0]);
  });

  it('raises unreadmessagescountupdate for the first conversation of a user who had none', async () => {
    const alice = await connectClient(uniqueUser('alice'));
    const bob = await connectClient(uniqueUser('bob'));
    const update = nextEvent<{ id: string }[]>(bob, 'unreadmessagescountupdate');
    // A later read of the cache answers after the watch's first (empty) read: changes count from there.
    await firstValue(bob.watchConversations());
    const { id } = await alice.createConversation({ members: [bob.user.id] });
    expect((await update).map((c) => c.id)).to.deep.equal([id]);
  });

  it('delivers transient messages as events only, never to the cache', async () => {
    const { alice, bob, cid } = await pair();
    const arrived = nextEvent<MessageRecord>(bob, 'message');
    await alice.sendTransient(cid, { type: 101, fields: { typing: true } });
    const typing = await arrived;
    expect(typing.transient).to.equal(true);
    expect(typing.fields).to.deep.equal({ typing: true });
    expect(await cached(bob, cid)).to.deep.equal([]);
  });

  it('answers a type-filtered history query from the cache when it holds the range', async () => {
    const { alice, cid } = await pair();
    await alice.send(cid, 'a');
    await alice.send(cid, { type: MessageType.LOCATION, location: { latitude: 1, longitude: 2 } });
    await alice.send(cid, 'b');
    alice.disconnect();
    const locations = await alice.queryMessages(cid, { type: MessageType.LOCATION });
    expect(locations.messages.map((m) => m.seq)).to.deep.equal([2]);
    expect(locations.hasMore).to.equal(false);
    const error = await alice.queryMessages(cid, { beforeTime: Date.now() }).then(() => undefined, (e: unknown) => e);
    expect((error as ChatError).name).to.equal('CLIENT_OFFLINE', 'time queries go to the server');
  });
});
