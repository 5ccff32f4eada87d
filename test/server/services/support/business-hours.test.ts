import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isWithinHours } from '../../../../src/server/services/support/support-policy.js';
import { ManualClock } from '../../../support/manual-clock.js';
import { request, startTestServer, type TestServer } from '../../../support/test-server.js';
import { availableAgent, closeSockets, httpJson, refusal, visitor } from './support-helpers.js';

const HOUR = 3600 * 1000;
// Tuesday 2030-01-01, 00:00 UTC (the manual clock's start); open 09:00–17:00 in Paris (UTC+1 in winter).
const HOURS = { timeZone: 'Europe/Paris', days: { tue: [['09:00', '17:00']] as Array<[string, string]> } };

describe('business hours', () => {
  let t: TestServer;
  const clock = new ManualClock();
  before(async () => {
    t = await startTestServer({ clock, support: { businessHours: HOURS } });
  });
  after(async () => {
    closeSockets();
    await t.close();
  });

  it('reads the hours in the site’s time zone', () => {
    const tuesday = Date.UTC(2030, 0, 1);
    assert.equal(isWithinHours(HOURS, tuesday + 7 * HOUR), false, '08:00 in Paris');
    assert.equal(isWithinHours(HOURS, tuesday + 8 * HOUR), true, '09:00 in Paris');
    assert.equal(isWithinHours(HOURS, tuesday + 16 * HOUR), false, '17:00 in Paris: closed');
    assert.equal(isWithinHours(HOURS, tuesday + 32 * HOUR), false, 'Wednesday');
    assert.equal(isWithinHours(undefined, tuesday), true, 'no hours: always open');
  });

  it('sends visitors to the offline form outside the hours, even with an agent online', async () => {
    await availableAgent(t, ['general']);
    const v = await visitor(t);
    const closed = await request(v.socket, 'support:start', {});
    assert.equal(refusal(closed), 'SUPPORT_OFFLINE');
    assert.ok(!closed.ok && closed.error.detail?.reason === 'closed');
    const config = (await httpJson(`${t.url}/api/support/config`)).body as { open: boolean; reason?: string };
    assert.deepEqual([config.open, config.reason], [false, 'closed']);
    clock.advance(10 * HOUR);
    const open = await request(v.socket, 'support:start', {});
    assert.ok(open.ok && open.data.ticket.status === 'active');
    assert.equal(((await httpJson(`${t.url}/api/support/config`)).body as { open: boolean }).open, true);
  });
});
