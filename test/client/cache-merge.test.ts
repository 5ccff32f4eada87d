import { expect } from '@open-wc/testing';
import { CacheDb } from '../../src/client/cache-db.js';
import { mergeConversation, putMessages, supersedes } from '../../src/client/cache-merge.js';
import { MessageType } from '../../src/protocol/limits.js';
import type { ConversationRecord, MessageRecord } from '../../src/protocol/model.js';
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

describe('conversation records over the cache', () => {
  const later: MessageRecord = { ...sent, id: 'm2', seq: 2, text: 'and then', timestamp: 1500 };
  const fromServer: ConversationRecord = {
    id: 'c1',
    kind: 'normal',
    name: 'pair',
    members: ['alice', 'bob'],
    creator: 'alice',
    transient: false,
    system: false,
    unique: true,
    attributes: {},
    mutedMembers: [],
    muted: false,
    createdAt: 500,
    updatedAt: 500,
    lastMessage: sent,
    lastMessageAt: sent.timestamp,
    lastSeq: 1,
    lastReadSeq: 0,
    unreadMessagesCount: 1,
  };
  const held = mergeConversation({ ...fromServer, lastMessage: later, lastMessageAt: later.timestamp, lastSeq: 2, unreadMessagesCount: 2, unreadMessagesMentioned: true }, undefined);

  it('keeps the newer message summary a push brought after the server read its record', () => {
    const merged = mergeConversation(fromServer, held);
    expect([merged.lastSeq, merged.lastMessage?.text, merged.lastMessageAt, merged.activity]).to.deep.equal([2, 'and then', 1500, 1500]);
    expect([merged.unreadMessagesCount, merged.unreadMessagesMentioned]).to.deep.equal([2, true]);
  });

  it('keeps a read made meanwhile on another device, and the newer version of the same last message', () => {
    const merged = mergeConversation({ ...fromServer, lastMessage: sent }, { ...mergeConversation({ ...fromServer, lastMessage: edited }, undefined), lastReadSeq: 1, unreadMessagesCount: 0 });
    expect([merged.lastReadSeq, merged.unreadMessagesCount, merged.lastMessage?.text]).to.deep.equal([1, 0, 'the']);
  });

  it('takes what is newer from the server, and the cached members when the record is compact', () => {
    const newer = { ...fromServer, name: 'renamed', members: [], lastMessage: { ...later, id: 'm3', seq: 3 }, lastSeq: 3, unreadMessagesCount: 3 };
    const merged = mergeConversation(newer, held, true);
    expect([merged.name, merged.lastSeq, merged.unreadMessagesCount, merged.members]).to.deep.equal(['renamed', 3, 3, ['alice', 'bob']]);
  });
});
