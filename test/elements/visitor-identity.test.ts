import { expect } from '@open-wc/testing';
import { VisitorIdentity } from '../../src/elements/support-chat/visitor-identity.js';
import { serverUrl } from '../web-support/parley.js';
import { skewClock } from '../web-support/skewed-clock.js';

const DAY = 24 * 3600_000;

describe('VisitorIdentity', () => {
  for (const [label, offset] of [
    ['two days fast', 2 * DAY],
    ['two days slow', -2 * DAY],
  ] as const) {
    it(`keeps a fresh visitor token, and only a fresh one, with the device clock ${label}`, async () => {
      const realFetch = globalThis.fetch;
      let asked = 0;
      globalThis.fetch = (input, init) => {
        if (String(input).endsWith('/api/support/visitors')) asked++;
        return realFetch(input, init);
      };
      const restoreClock = skewClock(offset);
      try {
        const identity = new VisitorIdentity(await serverUrl(), false);
        const token = await identity.currentToken();
        expect(await identity.currentToken(), 'the same token while it lasts').to.equal(token);
        expect(asked, 'asked the server once').to.equal(1);
      } finally {
        restoreClock();
        globalThis.fetch = realFetch;
      }
    });
  }
});
