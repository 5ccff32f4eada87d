import { expect } from '@open-wc/testing';
import type { ChatMessage } from '../../src/client/chat-message.js';
import { closeClients, connectClient, firstValue, renewingClient, uniqueUser, until } from '../web-support/parley.js';
import { skewClock } from '../web-support/skewed-clock.js';

const HOUR = 3600_000;
const realNow = Date.now.bind(Date);

describe('a device clock that is wrong', () => {
  let restoreClock: (() => void) | undefined;
  afterEach(async () => {
    await closeClients();
    restoreClock?.();
    restoreClock = undefined;
  });

  for (const [label, offset] of [
    ['an hour fast', HOUR],
    ['an hour slow', -HOUR],
  ] as const) {
    it(`renews tokens at their own pace with the clock ${label}, never dropping the connection`, async function () {
      this.timeout(20_000);
      restoreClock = skewClock(offset);
      const { issued, states } = await renewingClient(uniqueUser('alice'), 2);
      // Slow, renewing by the device's clock would come an hour late: cut at the first expiry.
      await until(() => issued() >= 4, 'three renewals', 10_000);
      // Fast, every renewal would look overdue at once: hundreds a second.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(issued(), 'about one renewal a second for 2-second tokens').to.be.below(12);
      expect(states, 'the connection never dropped').to.deep.equal([]);
    });
  }

  it('tells time by the server’s clock once connected: message times and expiry of temporary conversations', async () => {
    restoreClock = skewClock(HOUR);
    const alice = await connectClient(uniqueUser('alice'));
    expect(Math.abs(alice.now() - realNow()), 'the server’s time, not the device’s').to.be.below(5000);

    // Ten minutes to live: by the device's clock it would have ended 50 minutes ago.
    const temporary = await alice.createTemporaryConversation({ members: [uniqueUser('agent')], ttl: 600 });
    expect((await alice.getQuery().ofKind('temporary').findInCache()).map((c) => c.id)).to.deep.equal([temporary.id]);

    // A message waiting to be sent is stamped by the server's clock too, so it does not jump an
    // hour when the server's own time replaces it.
    alice.disconnect();
    void alice.send(temporary.id, 'written offline').catch(() => undefined);
    const pending = await until(async () => (await firstValue(alice.watchMessages(temporary.id))).find((m: ChatMessage) => m.text === 'written offline'), 'queued');
    expect(Math.abs(pending.timestamp - realNow())).to.be.below(5000);
  });
});
