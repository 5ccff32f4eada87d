import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/chat-client/chat-client-element.js';
import '../../src/elements/chat-list/chat-list.js';
import '../../src/elements/chat-room/chat-room.js';
import type { ChatClientElement } from '../../src/elements/chat-client/chat-client-element.js';
import { closeClients, connectClient, serverUrl, tokenFor, uniqueUser, until } from '../web-support/parley.js';

describe('<chat-client>', () => {
  it('builds a client from server and token, provides it, and closes it when removed', async () => {
    const user = uniqueUser('alice');
    const provider = await fixture<ChatClientElement>(
      html`<chat-client server=${await serverUrl()} token=${await tokenFor(user)}><chat-list></chat-list></chat-client>`,
    );
    const client = await until(() => provider.client, 'client built');
    expect(client.user.id).to.equal(user);
    await until(() => client.state === 'online', 'online');
    const list = provider.querySelector('chat-list')!;
    await client.createConversation({ members: [uniqueUser('bob')], name: 'from provider' });
    await until(() => list.shadowRoot!.textContent!.includes('from provider'), 'list rendered via context');

    provider.remove();
    await until(() => client.state === 'offline', 'closed on removal');
    expect(provider.client).to.equal(undefined);
    await client.close({ clear: true });
  });

  it('switches to a new client when the token changes', async () => {
    const provider = await fixture<ChatClientElement>(
      html`<chat-client server=${await serverUrl()} token=${await tokenFor(uniqueUser('alice'))}></chat-client>`,
    );
    const first = await until(() => provider.client, 'first client');
    const bob = uniqueUser('bob');
    provider.token = await tokenFor(bob);
    const second = await until(() => (provider.client?.user.id === bob ? provider.client : undefined), 'second client');
    expect(second).to.not.equal(first);
    await until(() => first.state === 'offline', 'first closed');
    provider.remove();
    await second.close({ clear: true });
    await first.close({ clear: true });
  });

  it('shows nothing of the first user once another signs in on the same page', async function () {
    this.timeout(20_000);
    const aliceId = uniqueUser('alice');
    const alice = await connectClient(aliceId);
    const { id: cid } = await alice.createConversation({ members: [uniqueUser('carol')], name: 'alice only' });
    await alice.send(cid, 'private to alice');
    await closeClients();
    const provider = await fixture<ChatClientElement>(
      html`<chat-client server=${await serverUrl()} token=${await tokenFor(aliceId)}>
        <chat-list></chat-list>
        <chat-room conversation=${cid}></chat-room>
      </chat-client>`,
    );
    const shown = () => ['chat-list', 'chat-room'].map((name) => provider.querySelector(name)!.shadowRoot!.textContent!).join('\n');
    await until(() => shown().includes('alice only') && shown().includes('private to alice'), 'alice’s chat shown');
    const first = provider.client!;

    const bobId = uniqueUser('bob');
    provider.token = await tokenFor(bobId);
    const second = await until(() => (provider.client?.user.id === bobId ? provider.client : undefined), 'bob signed in');
    await until(() => second.state === 'online', 'bob online');
    await until(() => !shown().includes('alice only') && !shown().includes('private to alice'), 'nothing of alice left on screen');
    const alert = await until(() => provider.querySelector('chat-room')!.shadowRoot!.querySelector('[role="alert"]'), 'the room says bob cannot open it');
    expect(alert.textContent).to.equal('This conversation is not available.');
    expect(provider.querySelector('chat-room')!.shadowRoot!.querySelector('form[part="composer"]'), 'nothing to write into').to.equal(null);
    provider.remove();
    await second.close({ clear: true });
    await first.close({ clear: true });
  });
});
