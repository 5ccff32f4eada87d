import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AckResult } from '../../../src/protocol/events.js';
import type { MessageRecord } from '../../../src/protocol/model.js';
import type { SendMessagePayload } from '../../../src/protocol/schemas.js';
import { pdf, png, wav } from '../../support/sample-files.js';
import { call, newClientId, nextEvent, rawRequest, startTestServer, type TestServer, type TestSocket } from '../../support/test-server.js';
import { upload } from '../../support/uploads.js';

let users = 0;
const fresh = (name: string) => `${name}-t${++users}`;

describe('message types', () => {
  let t: TestServer;
  const countMessages = async () =>
    Number((await t.server.db.selectFrom('messages').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  before(async () => {
    t = await startTestServer({ messages: { maxTextLength: 300, maxMessageBytes: 2048 } });
  });
  after(() => t.close());

  async function pair() {
    const alice = fresh('alice');
    const bob = fresh('bob');
    const [a, b] = [await t.connect(alice), await t.connect(bob)];
    const conversation = await call(a, 'conversation:create', { members: [bob] });
    return { alice, bob, a, b, cid: conversation.id };
  }

  const send = (socket: TestSocket, payload: Omit<SendMessagePayload, 'clientId'>) =>
    call(socket, 'message:send', { clientId: newClientId(), ...payload });

  async function refused(socket: TestSocket, payload: Record<string, unknown>, name: string, field: string) {
    const before = await countMessages();
    const result = (await rawRequest(socket, 'message:send', { clientId: newClientId(), ...payload })) as AckResult<MessageRecord>;
    assert.ok(!result.ok, `expected ${name}, got a message`);
    assert.equal(result.error.name, name, result.error.message);
    assert.equal(result.error.detail?.field, field);
    assert.equal(await countMessages(), before, 'nothing stored');
  }

  it('sends an image with the server-measured size, and the receiver gets the same record', async () => {
    const { alice, b, a, cid } = await pair();
    const file = await upload(t, alice, png(3, 2), 'cat.png', 'image/png');
    const received = nextEvent(b, 'message:created');
    const message = await send(a, { cid, type: -2, text: 'a cat', file: { id: file.id, width: 999, height: 999 } });
    assert.deepEqual(message.file, { url: `/files/${file.id}`, name: 'cat.png', size: file.size, mime: 'image/png', width: 3, height: 2 });
    assert.equal(message.text, 'a cat');
    assert.deepEqual(await received, message);
  });

  it('sends audio with its duration, and a generic file without one', async () => {
    const { alice, a, cid } = await pair();
    const sound = await upload(t, alice, wav(0.5), 'hello.wav', 'audio/wav');
    const audio = await send(a, { cid, type: -3, file: { id: sound.id, duration: 0.5 } });
    assert.equal(audio.file?.mime, 'audio/wav');
    assert.equal(audio.file?.duration, 0.5);

    const doc = await upload(t, alice, pdf(), 'report.pdf', 'application/pdf');
    const file = await send(a, { cid, type: -6, file: { id: doc.id, duration: 3 } });
    assert.deepEqual(file.file, { url: `/files/${doc.id}`, name: 'report.pdf', size: doc.size, mime: 'application/pdf' });
  });

  it('takes size and type from the upload record, never from the client', async () => {
    const { alice, a, cid } = await pair();
    const doc = await upload(t, alice, pdf(), 'report.pdf', 'application/pdf');
    const result = await rawRequest(a, 'message:send', {
      clientId: newClientId(),
      cid,
      type: -6,
      file: { id: doc.id, url: 'javascript:alert(1)', size: 1, mime: 'text/html', name: 'x.html' },
    });
    assert.ok(result.ok);
    const message = result.data as MessageRecord;
    assert.equal(message.file?.url, `/files/${doc.id}`);
    assert.equal(message.file?.mime, 'application/pdf');
    assert.equal(message.file?.size, doc.size);
    assert.equal(message.file?.name, 'report.pdf');
  });

  it('refuses someone else’s upload like a missing one, and a file of the wrong kind', async () => {
    const { a, cid } = await pair();
    const mallory = fresh('mallory');
    const theirs = await upload(t, mallory, png(1, 1), 'm.png', 'image/png');
    await refused(a, { cid, type: -2, file: { id: theirs.id } }, 'FILE_NOT_FOUND', 'file.id');
    await refused(a, { cid, type: -2, file: { id: 'no-such-upload-id' } }, 'FILE_NOT_FOUND', 'file.id');

    const { alice: owner, a: ownerSocket, cid: ownCid } = await pair();
    const doc = await upload(t, owner, pdf(), 'r.pdf', 'application/pdf');
    await refused(ownerSocket, { cid: ownCid, type: -2, file: { id: doc.id } }, 'INVALID_PAYLOAD', 'file');
    await refused(ownerSocket, { cid: ownCid, type: -3, file: { id: doc.id } }, 'INVALID_PAYLOAD', 'file');
  });

  it('sends a location and refuses coordinates out of range', async () => {
    const { a, cid } = await pair();
    const message = await send(a, { cid, type: -5, location: { latitude: 48.8584, longitude: 2.2945, label: 'Tour Eiffel' } });
    assert.deepEqual(message.location, { latitude: 48.8584, longitude: 2.2945, label: 'Tour Eiffel' });
    await refused(a, { cid, type: -5, location: { latitude: 91, longitude: 0 } }, 'INVALID_PAYLOAD', 'location.latitude');
    await refused(a, { cid, type: -5, location: { latitude: 0, longitude: Number.NaN } }, 'INVALID_PAYLOAD', 'location.longitude');
    await refused(a, { cid, type: -5 }, 'INVALID_PAYLOAD', 'location');
    await refused(a, { cid, type: -1, text: 'hi', location: { latitude: 1, longitude: 1 } }, 'INVALID_PAYLOAD', 'location');
  });

  it('sends a custom type with its own fields and keeps them through history', async () => {
    const { a, b, cid } = await pair();
    const poll = await send(a, { cid, type: 7, text: 'Lunch?', fields: { options: ['pizza', 'salad'], multiple: false } });
    assert.equal(poll.type, 7);
    assert.deepEqual(poll.fields, { options: ['pizza', 'salad'], multiple: false });
    const page = await call(b, 'message:history', { cid });
    assert.deepEqual(page.messages.at(-1), poll);
    await refused(a, { cid, type: 8 }, 'INVALID_PAYLOAD', 'fields');
  });

  it('refuses reserved type numbers: unknown negatives, zero and the recalled marker', async () => {
    const { a, cid } = await pair();
    for (const type of [-7, -100, -127, 0, 2 ** 31]) {
      await refused(a, { cid, type, text: 'x' }, 'INVALID_PAYLOAD', 'type');
    }
    await refused(a, { cid, type: 1.5, text: 'x' }, 'INVALID_PAYLOAD', 'type');
  });

  it('enforces the configured text length and encoded size, and refuses lone surrogates', async () => {
    const { a, cid } = await pair();
    assert.equal((await send(a, { cid, type: -1, text: 'z'.repeat(300) })).text?.length, 300);
    await refused(a, { cid, type: -1, text: 'z'.repeat(301) }, 'PAYLOAD_TOO_LARGE', 'text');
    // 250 four-byte characters fit the text limit but not 2,048 encoded bytes with the attributes.
    await refused(a, { cid, type: -1, text: '😀'.repeat(100), attributes: { note: 'n'.repeat(1900) } }, 'PAYLOAD_TOO_LARGE', '');
    await refused(a, { cid, type: -1, text: 'bad \uDFFF half' }, 'INVALID_PAYLOAD', 'text');
    await refused(a, { cid, type: -2, text: 'caption', file: { id: 'short' } }, 'INVALID_PAYLOAD', 'file.id');
  });

  it('takes the sender from the token, ignoring a forged from, id, seq or timestamp', async () => {
    const { alice, a, cid } = await pair();
    const result = await rawRequest(a, 'message:send', {
      clientId: newClientId(),
      cid,
      type: -1,
      text: 'who am i',
      from: 'mallory',
      id: 'forged',
      seq: 999,
      timestamp: 1,
      mentioned: true,
    });
    assert.ok(result.ok);
    const message = result.data as MessageRecord;
    assert.equal(message.from, alice);
    assert.notEqual(message.id, 'forged');
    assert.equal(message.seq, 1);
    assert.ok(message.timestamp > 1);
    assert.equal(message.mentioned, undefined);
  });
});
