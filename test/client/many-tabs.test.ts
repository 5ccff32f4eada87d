import { expect } from '@open-wc/testing';
import type { ChatClient } from '../../src/client/chat-client.js';
import {
  closeClients,
  connectClient,
  firstValue,
  serverUrl,
  tokenFor,
  uniqueUser,
  until,
  wireSends,
} from '../web-support/parley.js';

/** Bob, and alice in this page (tab A) and in another (tab B), all online. The caller closes tab B. */
async function bobAndTwoTabsOfAlice() {
  const bob = await connectClient(uniqueUser('bob'));
  const aliceId = uniqueUser('alice');
  const tabA = await connectClient(aliceId);
  const tabB = await clientInAnotherTab(aliceId);
  await until(() => tabB.client.state === 'online', 'tab B online');
  return { bob, tabA, tabB };
}

/** Opens a second same-origin page (an iframe) and makes a ChatClient there. */
async function clientInAnotherTab(user: string): Promise<{ client: ChatClient; close(): Promise<void> }> {
  const frame = document.createElement('iframe');
  frame.src = '/test/web-support/tab.html';
  document.body.append(frame);
  const win = frame.contentWindow as unknown as { ChatClient?: typeof import('../../src/client/chat-client.js').ChatClient };
  const Client = await until(() => win.ChatClient, 'second tab loaded');
  const client = await Client.connect({ server: await serverUrl(), token: await tokenFor(user) });
  return {
    client,
    async close() {
      await client.close();
      frame.remove();
    },
  };
}

describe('many tabs of one user', () => {
  afterEach(closeClients);

  it('share one state, and flush a shared outbox once', async () => {
    const { bob, tabA, tabB } = await bobAndTwoTabsOfAlice();
    try {
      const conversation = await tabA.createConversation({ members: [bob.user.id] });
      await until(async () => await firstValue(tabB.client.watchConversation(conversation.id)), 'tab B sees the conversation');

      // Both tabs offline; tab A queues ten messages; tab B sees them pending.
      tabA.disconnect();
      tabB.client.disconnect();
      const sends = Array.from({ length: 10 }, (_, i) => tabA.send(conversation.id, `q${i + 1}`));
      const pendingInB = await until(async () => {
        const list = await firstValue(tabB.client.watchMessages(conversation.id));
        return list.length === 10 ? list : undefined;
      }, 'tab B shows the pending messages');
      expect(pendingInB.every((m) => m.status === 'sending')).to.equal(true);

      // Both come back at once: both try to flush, one does.
      tabB.client.reconnect();
      tabA.reconnect();
      const sent = await Promise.all(sends);
      expect(sent.map((m) => m.seq)).to.deep.equal(Array.from({ length: 10 }, (_, i) => i + 1));
      for (const message of sent) expect(await wireSends(message.clientId)).to.equal(1);

      // Same messages and unread state in both tabs; bob got each once.
      const inA = (await firstValue(tabA.watchMessages(conversation.id))).map((m) => `${m.seq}:${m.text}:${m.status}`);
      const inB = await until(async () => {
        const list = (await firstValue(tabB.client.watchMessages(conversation.id))).map((m) => `${m.seq}:${m.text}:${m.status}`);
        return list.join() === inA.join() ? list : undefined;
      }, 'tab B agrees');
      expect(inB).to.have.length(10);
      const atBob = await until(async () => {
        const list = await firstValue(bob.watchMessages(conversation.id));
        return list.length === 10 ? list : undefined;
      }, 'bob has ten');
      expect(atBob.map((m) => m.text)).to.deep.equal(Array.from({ length: 10 }, (_, i) => `q${i + 1}`));

      await bob.send(conversation.id, 'reply');
      const unread = async (client: ChatClient) => (await firstValue(client.watchConversation(conversation.id)))?.unreadMessagesCount;
      await until(async () => (await unread(tabA)) === 1 && (await unread(tabB.client)) === 1, 'both tabs count 1 unread');
      await tabB.client.markRead(conversation.id);
      await until(async () => (await unread(tabA)) === 0, 'read in tab B clears tab A');
    } finally {
      await tabB.close();
    }
  });

  it('agree with the server after both tabs edit the same messages at once', async function () {
    this.timeout(30_000);
    const { bob, tabA, tabB } = await bobAndTwoTabsOfAlice();
    try {
      const { id: cid } = await tabA.createConversation({ members: [bob.user.id] });
      const sent = await Promise.all(Array.from({ length: 10 }, (_, i) => tabA.send(cid, `draft ${i}`)));
      // Each message edited in both tabs at the same moment: the server keeps the later change.
      const finals = await Promise.all(
        sent.map(async (m) => {
          const [a, b] = await Promise.all([tabA.update(cid, m.id, { text: `${m.text} from A` }), tabB.client.update(cid, m.id, { text: `${m.text} from B` })]);
          return a.updatedAt! > b.updatedAt! ? a : b;
        }),
      );
      const expected = finals.map((m) => `${m.seq}:${m.text}:${m.updatedAt}`).join();
      const held = async (client: ChatClient) => (await firstValue(client.watchMessages(cid))).map((m) => `${m.seq}:${m.text}:${m.updatedAt}`).join();
      await until(async () => (await held(tabA)) === expected, 'the tabs’ shared cache holds the server’s last versions');
      await until(async () => (await held(bob)) === expected, 'so does bob’s');
    } finally {
      await tabB.close();
    }
  });
});
