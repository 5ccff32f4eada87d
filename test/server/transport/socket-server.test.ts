import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, rawRequest, startTestServer, type TestServer } from '../../support/test-server.js';

describe('a command failing after its work is done', () => {
  let t: TestServer;
  let failNext = false;
  const problems: unknown[] = [];
  const record = (error: unknown) => problems.push(error);
  before(async () => {
    // Stands for a bug past the commit (in delivering to others): the hook throws there.
    t = await startTestServer({
      testHooks: {
        beforeAck: () => {
          if (!failNext) return true;
          failNext = false;
          throw new Error('a bug after the commit');
        },
      },
    });
    process.on('unhandledRejection', record);
  });
  after(async () => {
    process.off('unhandledRejection', record);
    await t.close();
  });

  it('is logged and costs that command only: the node and the connection serve on', async () => {
    const socket = await t.connect('unlucky');
    failNext = true;
    const lost = await rawRequest(socket, 'conversation:list', {}).then(
      () => 'answered',
      () => 'no answer',
    );
    assert.equal(lost, 'no answer');
    assert.ok((await call(socket, 'conversation:list', {})).conversations, 'the same connection is served on');
    assert.deepEqual(problems, []);
  });
});
