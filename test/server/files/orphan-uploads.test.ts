import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { png } from '../../support/sample-files.js';
import { ManualClock } from '../../support/manual-clock.js';
import { call, newClientId, request, startTestServer, type TestServer } from '../../support/test-server.js';
import { upload } from '../../support/uploads.js';

const HOUR = 3600 * 1000;

describe('uploads no message used', () => {
  let t: TestServer;
  const clock = new ManualClock();
  const status = async (url: string) => (await fetch(`${t.url}${url}`)).status;

  before(async () => {
    t = await startTestServer({ clock, files: { keepUnusedMs: 24 * HOUR } });
  });
  after(() => t.close());

  it('are removed (record and bytes) once older than the keep period; used ones and young ones stay', async () => {
    const alice = await t.connect('orphan-alice');
    const { id: cid } = await call(alice, 'conversation:create', { members: ['orphan-bob'] });
    const used = await upload(t, 'orphan-alice', png(3, 3), 'sent.png', 'image/png');
    const abandoned = await upload(t, 'orphan-alice', png(4, 4), 'cancelled.png', 'image/png');
    await call(alice, 'message:send', { cid, clientId: newClientId(), type: -2, file: { id: used.id } });

    clock.advance(23 * HOUR);
    const young = await upload(t, 'orphan-alice', png(5, 5), 'young.png', 'image/png');
    assert.equal(await t.server.jobs.removeOrphanUploadsNow(), 0, 'nothing is a day old yet');

    clock.advance(2 * HOUR);
    assert.equal(await t.server.jobs.removeOrphanUploadsNow(), 1);
    assert.equal(await status(abandoned.url), 404);
    assert.equal(await t.server.db.selectFrom('uploads').select('id').where('id', '=', abandoned.id).executeTakeFirst(), undefined);
    assert.equal(await status(used.url), 200, 'a file a message uses is kept');
    assert.equal(await status(young.url), 200, 'a recent upload may still be sent');

    // A removed upload cannot be sent any more: the send is refused and nothing is stored.
    const refused = await request(alice, 'message:send', { cid, clientId: newClientId(), type: -2, file: { id: abandoned.id } });
    assert.equal(refused.ok ? 'sent' : refused.error.name, 'FILE_NOT_FOUND');
    const stored = await t.server.db.selectFrom('messages').select('seq').where('conversation_id', '=', cid).execute();
    assert.equal(stored.length, 1, 'only the first message was stored');
  });

  it('a file sent again later is still in use', async () => {
    const alice = await t.connect('orphan-carol');
    const { id: cid } = await call(alice, 'conversation:create', { members: ['orphan-dan'] });
    const file = await upload(t, 'orphan-carol', png(6, 6), 'again.png', 'image/png');
    await call(alice, 'message:send', { cid, clientId: newClientId(), type: -2, file: { id: file.id } });
    clock.advance(48 * HOUR);
    await t.server.jobs.removeOrphanUploadsNow();
    assert.equal(await status(file.url), 200);
    const again = await call(alice, 'message:send', { cid, clientId: newClientId(), type: -2, file: { id: file.id } });
    assert.equal(again.file?.url, file.url);
  });
});
