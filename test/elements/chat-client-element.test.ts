import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/chat-client/chat-client-element.js';
import '../../src/elements/chat-list/chat-list.js';
import type { ChatClientElement } from '../../src/elements/chat-client/chat-client-element.js';
import { serverUrl, tokenFor, uniqueUser, until } from '../web-support/parley.js';

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
});
