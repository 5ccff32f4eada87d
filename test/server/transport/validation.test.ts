import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AckResult } from '../../../src/protocol/events.js';
import { ERRORS, type ErrorName, type ErrorPayload } from '../../../src/protocol/errors.js';
import { MAX_FRAME_BYTES } from '../../../src/protocol/limits.js';
import {
  call,
  newClientId,
  rawRequest,
  startTestServer,
  type TestServer,
  type TestSocket,
} from '../../support/test-server.js';

interface Case {
  name: string;
  event: string;
  /** The arguments before the ack; a function so each case can use the conversation id. */
  args: () => unknown[];
  error: ErrorName;
  /** `detail.field`; `null` when the error is not about a field. */
  field: string | null;
}

const nested = (depth: number) => {
  const root: Record<string, unknown> = {};
  let current = root;
  for (let i = 0; i < depth; i++) {
    const child: Record<string, unknown> = {};
    current.a = child;
    current = child;
  }
  return root;
};

const users = (n: number) => Array.from({ length: n }, (_, i) => `member-${i}`);

describe('edge validation of commands', () => {
  let t: TestServer;
  let alice: TestSocket;
  let cid: string;

  const counts = async () => {
    const count = async (table: 'conversations' | 'members' | 'messages') =>
      Number((await t.server.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return { conversations: await count('conversations'), members: await count('members'), messages: await count('messages') };
  };

  const message = (fields: Record<string, unknown>) => ({ cid, clientId: newClientId(), type: -1 as const, text: 'hello', ...fields });
  const send = (fields: Record<string, unknown>) => [message(fields)];

  /** Asserts a typed refusal whose code and name agree with src/protocol/errors.ts. */
  function assertRefused(result: AckResult<unknown>, name: ErrorName, field: string | null): ErrorPayload {
    assert.equal(result.ok, false, `expected a refusal, got ${JSON.stringify(result).slice(0, 200)}`);
    assert.ok(!result.ok);
    assert.equal(result.error.name, name, result.error.message);
    assert.equal(result.error.code, ERRORS[name].code);
    assert.equal(typeof result.error.message, 'string');
    if (field === null) assert.equal(result.error.detail?.field, undefined);
    else assert.equal(result.error.detail?.field, field);
    return result.error;
  }

  /** The same socket still works, for reading and for writing. */
  async function assertStillServes(socket: TestSocket) {
    const list = await call(socket, 'conversation:list', {});
    assert.ok(list.conversations.some((c) => c.id === cid));
    const sent = await call(socket, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'still here' });
    assert.equal(sent.text, 'still here');
  }

  before(async () => {
    t = await startTestServer();
    alice = await t.connect('alice');
    cid = (await call(alice, 'conversation:create', { members: ['bob'] })).id;
  });
  after(() => t.close());

  const cases: Case[] = [
    // Wrong types
    { name: 'cid as a number', event: 'message:send', args: () => send({ cid: 42 }), error: 'INVALID_PAYLOAD', field: 'cid' },
    {
      name: 'members as a string',
      event: 'conversation:create',
      args: () => [{ members: 'bob' }],
      error: 'INVALID_PAYLOAD',
      field: 'members',
    },
    { name: 'text as an object', event: 'message:send', args: () => send({ text: { html: 'x' } }), error: 'INVALID_PAYLOAD', field: 'text' },
    { name: 'type that cannot be sent (recalled)', event: 'message:send', args: () => send({ type: -127 }), error: 'INVALID_PAYLOAD', field: 'type' },
    {
      name: 'read seq as a string',
      event: 'conversation:read',
      args: () => [{ cid, seq: '3' }],
      error: 'INVALID_PAYLOAD',
      field: 'seq',
    },
    // Missing fields
    {
      name: 'no clientId',
      event: 'message:send',
      args: () => [{ cid, type: -1, text: 'hello' }],
      error: 'INVALID_PAYLOAD',
      field: 'clientId',
    },
    {
      name: 'no text',
      event: 'message:send',
      args: () => [{ cid, clientId: newClientId(), type: -1 }],
      error: 'INVALID_PAYLOAD',
      field: 'text',
    },
    { name: 'no cid', event: 'conversation:get', args: () => [{}], error: 'INVALID_PAYLOAD', field: 'cid' },
    // Bad values
    { name: 'clientId too short', event: 'message:send', args: () => send({ clientId: 'abc' }), error: 'INVALID_PAYLOAD', field: 'clientId' },
    { name: 'cid with bad characters', event: 'message:send', args: () => send({ cid: '../etc/passwd' }), error: 'INVALID_PAYLOAD', field: 'cid' },
    // Text content
    {
      name: 'text of 1 MB',
      event: 'message:send',
      args: () => send({ text: 'x'.repeat(1024 * 1024) }),
      error: 'PAYLOAD_TOO_LARGE',
      field: 'text',
    },
    {
      name: 'text of 5001 characters',
      event: 'message:send',
      args: () => send({ text: 'y'.repeat(5001) }),
      error: 'PAYLOAD_TOO_LARGE',
      field: 'text',
    },
    {
      name: 'whitespace and zero-width only text',
      event: 'message:send',
      args: () => send({ text: ' \t\n\u00A0\u3000\u200B\u200C\u200D\u2060\uFEFF' }),
      error: 'INVALID_PAYLOAD',
      field: 'text',
    },
    { name: 'empty text', event: 'message:send', args: () => send({ text: '' }), error: 'INVALID_PAYLOAD', field: 'text' },
    { name: 'lone surrogate', event: 'message:send', args: () => send({ text: 'a\uD800b' }), error: 'INVALID_PAYLOAD', field: 'text' },
    { name: 'NUL character', event: 'message:send', args: () => send({ text: 'a\u0000b' }), error: 'INVALID_PAYLOAD', field: 'text' },
    {
      name: 'control characters (BEL, ESC, DEL)',
      event: 'message:send',
      args: () => send({ text: 'ring\u0007 \u001B[31mred\u007F' }),
      error: 'INVALID_PAYLOAD',
      field: 'text',
    },
    {
      name: 'bidi override',
      event: 'message:send',
      args: () => send({ text: 'invoice\u202Efdp.exe' }),
      error: 'INVALID_PAYLOAD',
      field: 'text',
    },
    {
      name: 'conversation name of spaces only',
      event: 'conversation:create',
      args: () => [{ members: ['carol'], name: '   ' }],
      error: 'INVALID_PAYLOAD',
      field: 'name',
    },
    // Attributes
    {
      name: '__proto__ key in message attributes',
      event: 'message:send',
      args: () => send({ attributes: JSON.parse('{"ok":1,"__proto__":{"polluted":"yes"}}') }),
      error: 'INVALID_PAYLOAD',
      field: 'attributes.__proto__',
    },
    {
      name: 'constructor key in conversation attributes',
      event: 'conversation:create',
      args: () => [{ members: ['carol'], attributes: { constructor: { prototype: { polluted: 'yes' } } } }],
      error: 'INVALID_PAYLOAD',
      field: 'attributes.constructor',
    },
    {
      name: 'nested __proto__ key in attributes',
      event: 'message:send',
      args: () => send({ attributes: { outer: JSON.parse('{"__proto__":{"polluted":"yes"}}') } }),
      error: 'INVALID_PAYLOAD',
      field: 'attributes.outer.__proto__',
    },
    {
      name: 'attributes nested 100 deep',
      event: 'message:send',
      args: () => send({ attributes: nested(100) }),
      error: 'INVALID_PAYLOAD',
      field: 'attributes.a.a.a.a.a',
    },
    {
      name: 'attributes that are an array',
      event: 'message:send',
      args: () => send({ attributes: [1, 2] }),
      error: 'INVALID_PAYLOAD',
      field: 'attributes',
    },
    // Members
    {
      name: '10,000 members',
      event: 'conversation:create',
      args: () => [{ members: users(10_000) }],
      error: 'CONVERSATION_FULL',
      field: 'members',
    },
    {
      name: '10,001 members',
      event: 'conversation:create',
      args: () => [{ members: users(10_001) }],
      error: 'PAYLOAD_TOO_LARGE',
      field: 'members',
    },
    {
      name: 'invalid member id',
      event: 'conversation:create',
      args: () => [{ members: ['bob', 'not a user\n'] }],
      error: 'INVALID_PAYLOAD',
      field: 'members.1',
    },
    // History paging
    ...[0, -1, 2.5].map(
      (limit): Case => ({
        name: `history limit ${limit}`,
        event: 'message:history',
        args: () => [{ cid, limit }],
        error: 'INVALID_PAYLOAD',
        field: 'limit',
      }),
    ),
    {
      name: 'history limit NaN (arrives as null)',
      event: 'message:history',
      args: () => [{ cid, limit: Number.NaN }],
      error: 'INVALID_PAYLOAD',
      field: 'limit',
    },
    {
      name: 'afterSeq and beforeSeq together',
      event: 'message:history',
      args: () => [{ cid, afterSeq: 1, beforeSeq: 5 }],
      error: 'INVALID_PAYLOAD',
      field: 'beforeSeq',
    },
    { name: 'negative afterSeq', event: 'message:history', args: () => [{ cid, afterSeq: -1 }], error: 'INVALID_PAYLOAD', field: 'afterSeq' },
    {
      name: 'conversation list cursor that is not one',
      event: 'conversation:list',
      args: () => [{ cursor: "1' OR 1=1 --" }],
      error: 'INVALID_PAYLOAD',
      field: 'cursor',
    },
    // Shape of the command itself
    { name: 'unknown event', event: 'message:delete-everything', args: () => [{ cid }], error: 'UNKNOWN_COMMAND', field: null },
    { name: 'event named __proto__', event: '__proto__', args: () => [{}], error: 'UNKNOWN_COMMAND', field: null },
    { name: 'two payload arguments', event: 'conversation:list', args: () => [{}, {}], error: 'INVALID_PAYLOAD', field: '' },
    { name: 'no payload, only the ack', event: 'conversation:list', args: () => [], error: 'INVALID_PAYLOAD', field: '' },
    { name: 'payload that is an array', event: 'message:send', args: () => [[message({})]], error: 'INVALID_PAYLOAD', field: '' },
    { name: 'payload that is null', event: 'conversation:list', args: () => [null], error: 'INVALID_PAYLOAD', field: '' },
    { name: 'payload that is a string', event: 'message:send', args: () => ['hello'], error: 'INVALID_PAYLOAD', field: '' },
    { name: 'payload that is a number', event: 'conversation:get', args: () => [7], error: 'INVALID_PAYLOAD', field: '' },
  ];

  for (const c of cases) {
    it(`refuses ${c.name} with ${c.error}, stores nothing and keeps serving`, async () => {
      const before = await counts();
      assertRefused(await rawRequest(alice, c.event, ...c.args()), c.error, c.field);
      assert.deepEqual(await counts(), before);
      await assertStillServes(alice);
    });
  }

  describe('size limits answer PAYLOAD_TOO_LARGE, range limits INVALID_PAYLOAD', () => {
    const limits: Case[] = [
      {
        name: 'attributes of 1 MB',
        event: 'message:send',
        args: () => send({ attributes: { blob: 'z'.repeat(1024 * 1024) } }),
        error: 'PAYLOAD_TOO_LARGE',
        field: 'attributes',
      },
      { name: 'history limit 1e9', event: 'message:history', args: () => [{ cid, limit: 1e9 }], error: 'INVALID_PAYLOAD', field: 'limit' },
    ];
    for (const c of limits) {
      it(`refuses ${c.name} with a typed validation error, stores nothing and keeps serving`, async () => {
        const before = await counts();
        const result = await rawRequest(alice, c.event, ...c.args());
        assertRefused(result, c.error, c.field);
        assert.deepEqual(await counts(), before);
        await assertStillServes(alice);
      });
    }

    it('refuses attributes over the size limit with PAYLOAD_TOO_LARGE, like text and members', async () => {
      const result = await rawRequest(alice, 'message:send', message({ attributes: { blob: 'z'.repeat(5000) } }));
      assertRefused(result, 'PAYLOAD_TOO_LARGE', 'attributes');
    });

    it('refuses a history limit over the maximum with INVALID_PAYLOAD, not "request too large"', async () => {
      const result = await rawRequest(alice, 'message:history', { cid, limit: 101 });
      assertRefused(result, 'INVALID_PAYLOAD', 'limit');
    });

    it('refuses text made only of other zero-width format characters', async () => {
      const before = await counts();
      const result = await rawRequest(alice, 'message:send', message({ text: '\u00AD\u180E\u2061\u2062\u2063\u2064' }));
      assertRefused(result, 'INVALID_PAYLOAD', 'text');
      assert.deepEqual(await counts(), before);
    });
  });

  describe('accepted edge values', () => {
    it('accepts text of exactly 5000 characters and attributes at the depth limit', async () => {
      const text = 'w'.repeat(5000);
      // Five levels of containers: the attributes object, three objects and an array.
      const attributes = { a: { a: { a: { leaf: [1, 'two', null, true] } } } };
      const sent = await call(alice, 'message:send', { cid, clientId: newClientId(), type: -1, text, attributes });
      assert.equal(sent.text, text);
      assert.deepEqual(sent.attributes, attributes);
      // One level more is refused.
      const deeper = { a: { a: { a: { a: { leaf: [1] } } } } };
      const refused = await rawRequest(alice, 'message:send', message({ attributes: deeper }));
      assertRefused(refused, 'INVALID_PAYLOAD', 'attributes.a.a.a.a.leaf');
    });

    it('ignores a __proto__ key at the top level of a payload, leaving Object.prototype untouched', async () => {
      const payload = JSON.parse(
        `{"cid":"${cid}","clientId":"${newClientId()}","type":-1,"text":"hi","__proto__":{"from":"mallory","polluted":"yes"}}`,
      ) as Record<string, unknown>;
      const result = await rawRequest(alice, 'message:send', payload);
      assert.ok(result.ok);
      const sent = result.data as { from: string };
      assert.equal(sent.from, 'alice');
    });

    it('left Object.prototype unchanged after all the prototype keys above', () => {
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.equal(Object.hasOwn(Object.prototype, 'polluted'), false);
      assert.equal(({} as Record<string, unknown>).from, undefined);
      assert.equal(Object.prototype.constructor, Object);
    });
  });

  describe('commands without an acknowledgement', () => {
    it('ignores a command emitted without an ack and keeps the socket working', async () => {
      const socket = await t.connect('alice');
      const before = await counts();
      const last = await call(socket, 'message:history', { cid, limit: 1 });
      const lastSeq = last.messages.at(-1)?.seq ?? 0;
      const emit = socket.emit as unknown as (event: string, ...args: unknown[]) => void;
      emit.call(socket, 'message:send', message({ text: 'no ack' }));
      emit.call(socket, 'conversation:create', { members: ['dora'] });
      emit.call(socket, 'message:send');

      // Commands from one socket run in order, so by this ack the ignored ones have been seen.
      const next = await call(socket, 'message:send', message({ text: 'with ack' }));
      assert.equal(next.seq, lastSeq + 1, 'the ack-less send did not take a seq');
      const afterCounts = await counts();
      assert.deepEqual(afterCounts, { ...before, messages: before.messages + 1 });
      assert.equal(socket.connected, true);
    });
  });

  describe('oversized frames', () => {
    it(`closes only the connection that sends a frame over ${MAX_FRAME_BYTES} bytes`, async () => {
      const offender = await t.connect('alice');
      const bystander = await t.connect('bob');
      const before = await counts();
      const disconnected = new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the oversized frame did not close the connection')), 10_000);
        offender.once('disconnect', (reason) => {
          clearTimeout(timer);
          resolve(reason);
        });
      });
      const ack = rawRequest(offender, 'message:send', message({ text: 'x'.repeat(MAX_FRAME_BYTES + 1024) })).then(
        () => 'answered',
        () => 'no answer',
      );

      const reason = await disconnected;
      assert.match(reason, /transport (close|error)/);
      assert.equal(await ack, 'no answer');
      assert.deepEqual(await counts(), before);

      // Everyone else carries on, including the same user on another socket.
      const page = await call(bystander, 'conversation:list', {});
      assert.ok(page.conversations.some((c) => c.id === cid));
      await assertStillServes(alice);
    });
  });
});
