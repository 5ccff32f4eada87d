import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { describe, it } from 'node:test';
import { newClientId, request, startTestServer, type TestServer } from '../../support/test-server.js';

describe('shutdown', () => {
  it('refuses commands that arrive once it has begun (retryable), and finishes', async () => {
    let closing: Promise<void> | undefined;
    // The shutdown begins while the first command is being answered; the second waits behind it.
    const t: TestServer = await startTestServer({
      testHooks: {
        beforeAck: (command) => {
          if (command === 'conversation:create' && started) closing ??= t.server.close();
          return true;
        },
      },
    });
    let started = false;
    const alice = await t.connect('shutdown-alice');
    try {
      const { data } = (await request(alice, 'conversation:create', { members: ['shutdown-bob'] })) as { data: { id: string } };
      started = true;
      const first = request(alice, 'conversation:create', { members: ['shutdown-carol'] });
      const second = request(alice, 'message:send', { cid: data.id, clientId: newClientId(), type: -1, text: 'late' });
      assert.equal((await first).ok, true);
      const refused = await second;
      assert.equal(refused.ok, false);
      assert.equal(!refused.ok && refused.error.name, 'SERVER_SHUTTING_DOWN');
      assert.equal(!refused.ok && refused.error.code, 4707);
      await closing;
    } finally {
      alice.disconnect();
      if (!closing) await t.server.close();
      rmSync(t.dataDir, { recursive: true, force: true });
    }
  });
});
