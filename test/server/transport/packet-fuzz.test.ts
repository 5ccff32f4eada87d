import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RawConnection } from '../../support/raw-connection.js';
import { call, newClientId, startTestServer, type TestServer } from '../../support/test-server.js';
import { seededRandom } from '../../support/seeded-random.js';

// A fixed seed so a failure replays; FUZZ_SEED and FUZZ_PACKETS explore further.
const PACKETS = Number(process.env.FUZZ_PACKETS ?? 1500);
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);

const JUNK = ['{', '}', '[', ']', '"', ',', ':', '\\', '0', '9', '-', 'e', 'null', 'true', '\u0000', '\ud800', '💬', '__proto__', '_placeholder'];

/** One random change to a frame: the kinds of damage a buggy or hostile client sends. */
function mutate(frame: string, next: () => number): string {
  const at = Math.floor(next() * (frame.length + 1));
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  switch (Math.floor(next() * 8)) {
    case 0:
      return frame.slice(0, at) + pick(JUNK) + frame.slice(at + 1);
    case 1:
      return frame.slice(0, at) + frame.slice(at + 1 + Math.floor(next() * 8));
    case 2:
      return frame.slice(0, at);
    case 3:
      return frame.slice(0, at) + frame.slice(Math.max(0, at - 10), at) + frame.slice(at);
    case 4:
      return frame.replace(/\{[^{}]*\}/, pick(['null', '[]', '"x"', '1e309', '{"__proto__":{"polluted":1}}', '[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]']));
    case 5:
      return frame.replace(/"[a-z]+:[a-z-]+"/, pick(['"connect"', '"disconnect"', '"newListener"', '"error"', '"nope"', '1', 'null', '{}']));
    case 6:
      return `${pick(['4', '42', '43', '45', '46', '41', '40', '6', '5', '2'])}${frame.slice(2)}`;
    default:
      return frame.slice(0, at) + '['.repeat(200) + frame.slice(at);
  }
}

/** Malformed and hostile socket.io packets never crash the server, corrupt the store, or stop it serving. */
describe('packets fuzzed at the protocol level', () => {
  let t: TestServer;
  const problems: unknown[] = [];
  const record = (error: unknown) => problems.push(error);

  before(async () => {
    // One user sends thousands of packets here: the command budget is not what is tested.
    t = await startTestServer({ clientLimits: { commandPoints: 1e9 } });
    process.on('uncaughtException', record);
    process.on('unhandledRejection', record);
  });
  after(async () => {
    process.off('uncaughtException', record);
    process.off('unhandledRejection', record);
    await t.close();
  });

  it(`survives ${PACKETS} mutated packets: no crash, no unhandled error, seq still gap-free, others served`, async () => {
    const alice = await t.connect('fuzz-alice');
    const { id: cid } = await call(alice, 'conversation:create', { members: ['fuzz-bob'], name: 'fuzzed' });
    const token = await t.token('fuzz-alice');
    const seeds = [
      `42["message:send",{"cid":"${cid}","clientId":"${newClientId()}","type":-1,"text":"hello","mentionList":["fuzz-bob"],"attributes":{"a":[1,{"b":2}]}}]`,
      `421["conversation:list",{"limit":5,"sort":"lastMessageAt"}]`,
      `422["message:history",{"cid":"${cid}","limit":5,"beforeSeq":10}]`,
      `423["conversation:update",{"cid":"${cid}","name":"renamed","attributes":{"k":"v"}}]`,
      `424["user:profiles",{"users":["fuzz-bob","fuzz-alice"]}]`,
      `425["message:recall",{"cid":"${cid}","id":"nope"}]`,
      `451-["message:send",{"_placeholder":true,"num":0}]`,
      `426["conversation:read",{"cid":"${cid}"}]`,
    ];
    const next = seededRandom(SEED);
    let connection = await RawConnection.open(t.url, token);
    let closedByServer = 0;
    for (let i = 0; i < PACKETS; i++) {
      let frame = seeds[Math.floor(next() * seeds.length)]!;
      const mutations = 1 + Math.floor(next() * 3);
      for (let m = 0; m < mutations; m++) frame = mutate(frame, next);
      connection.send(frame);
      if (next() < 0.05) connection.send(Buffer.from([0xff, 0x00, Math.floor(next() * 256)]));
      // Commands on one socket run in order: an answer means the packet was handled and the
      // connection kept; a packet socket.io cannot decode closes that connection (only that one).
      const answer = await connection.request('user:profiles', { users: ['fuzz-bob'] });
      if (answer === undefined) {
        closedByServer++;
        connection = await RawConnection.open(t.url, token);
      } else {
        assert.match(answer, /"ok":true/, `served after packet ${i} (${JSON.stringify(frame).slice(0, 120)})`);
      }
    }
    if (process.env.FUZZ_STATS) console.log(`closed by the server after ${closedByServer} of ${PACKETS} packets`);
    // Enough packets decode to reach the command handlers, not only socket.io's parser.
    assert.ok(PACKETS - closedByServer >= PACKETS / 10, `${closedByServer} of ${PACKETS} packets closed the connection`);
    connection.close();

    assert.deepEqual(problems, [], 'no uncaught exception or unhandled rejection');
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
    const sent = await call(alice, 'message:send', { cid, clientId: newClientId(), type: -1, text: 'after the fuzz' });
    const seqs = (await t.server.db.selectFrom('messages').select('seq').where('conversation_id', '=', cid).orderBy('seq').execute()).map((r) => Number(r.seq));
    assert.deepEqual(seqs, Array.from({ length: sent.seq }, (_, i) => i + 1), 'seq 1..N with no gap or repeat');
    const bob = await t.connect('fuzz-bob');
    assert.ok((await call(bob, 'conversation:list', {})).conversations.some((c) => c.id === cid));
  });
});
