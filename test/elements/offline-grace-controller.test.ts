import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/chat-list/chat-list.js';
import '../../src/elements/chat-room/chat-room.js';
import { RECONNECT_GRACE_MS } from '../../src/elements/offline-grace-controller.js';
import { closeClients, connectClient, cutConnections, flakyServerUrl, uniqueUser, until } from '../web-support/parley.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the offline notice', () => {
  afterEach(closeClients);

  it('stays away through a short drop, shows once a reconnect takes longer than the grace, and goes when back', async function () {
    this.timeout(30_000);
    const alice = await connectClient(uniqueUser('alice'), { server: await flakyServerUrl() });
    const { id } = await alice.createConversation({ members: [uniqueUser('bob')] });
    const wrapper = await fixture(html`<div><chat-list .client=${alice}></chat-list><chat-room .client=${alice} conversation=${id}></chat-room></div>`);
    const elements = [...wrapper.children] as HTMLElement[];
    const notices = () => elements.filter((element) => element.shadowRoot!.querySelector('[part="status"]')).length;

    // A blip: dropped and back at once. Watched all along, the notice never showed.
    let shown = 0;
    await cutConnections();
    await until(() => alice.state === 'reconnecting', 'dropped');
    while (alice.state !== 'online') {
      shown = Math.max(shown, notices());
      await sleep(20);
    }
    expect(shown, 'no notice for a blip').to.equal(0);

    // Down for longer than the grace: first nothing, then the notice in both, then gone when back.
    await cutConnections(RECONNECT_GRACE_MS + 3000);
    await until(() => alice.state === 'reconnecting', 'dropped again');
    await sleep(1000);
    expect(alice.state).to.equal('reconnecting');
    expect(notices(), 'not a second in').to.equal(0);
    await until(() => notices() === 2, 'the notice after the grace', RECONNECT_GRACE_MS + 2000);
    expect(elements[1]!.shadowRoot!.querySelector('[part="status"]')!.textContent).to.contain('Offline.');
    await until(() => alice.state === 'online', 'back', 15_000);
    await until(() => notices() === 0, 'the notice gone');
  });
});
