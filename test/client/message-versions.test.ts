import { expect } from '@open-wc/testing';
import { CacheDb } from '../../src/client/cache-db.js';
import { putMessages, supersedes } from '../../src/client/message-versions.js';
import { MessageType } from '../../src/protocol/limits.js';
import type { MessageRecord } from '../../src/protocol/model.js';
import { uniqueUser } from '../web-support/parley.js';

const sent: MessageRecord = { id: 'm1', cid: 'c1', seq: 1, from: 'alice', clientId: 'k1', type: MessageType.TEXT, text: 'teh', timestamp: 1000 };
const edited: MessageRecord = { ...sent, text: 'the', updatedAt: 2000 };
const recalled: MessageRecord = { ...sent, type: MessageType.RECALLED, text: undefined, updatedAt: 3000 };

describe('message versions in the cache', () => {
  let db: CacheDb;
  beforeEach(() => {
    db = new CacheDb(uniqueUser('versions-test'));
  });
  afterEach(() => db.delete());

  it('never lets an older copy of a message replace a newer one', async () => {
    await putMessages(db, [edited]);
    await putMessages(db, [sent]); // a history page read just before the edit, arriving after it
    expect((await db.messages.get('m1'))!.text).to.equal('the');
    await putMessages(db, [{ ...edited, mentioned: true }]); // the same version again may add to it
    expect((await db.messages.get('m1'))!.mentioned).to.equal(true);
  });

  it('keeps a recall whatever arrives after it', async () => {
    await putMessages(db, [recalled]);
    await putMessages(db, [edited, { ...edited, updatedAt: 9000 }]);
    const held = (await db.messages.get('m1'))!;
    expect([held.type, held.text]).to.deep.equal([MessageType.RECALLED, undefined]);
    expect(supersedes({ ...recalled, updatedAt: 4000 }, recalled), 'a recall may replace a recall').to.equal(true);
  });

  it('refreshes only what is held when asked to', async () => {
    await putMessages(db, [edited, { ...sent, id: 'm2', seq: 2 }], true);
    expect(await db.messages.count()).to.equal(0);
    await putMessages(db, [sent]);
    await putMessages(db, [edited, { ...sent, id: 'm2', seq: 2 }], true);
    expect((await db.messages.toArray()).map((m) => [m.id, m.text])).to.deep.equal([['m1', 'the']]);
  });
});
