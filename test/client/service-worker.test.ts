import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { until } from '../web-support/parley.js';

// The service worker's source, served (compiled) by the test runner; its scope is its folder.
const WORKER = '/src/push/service-worker.ts';
const SCOPE = new URL('/src/push/', location.href).href;

/**
 * Delivers a push as a push service would and resolves once the worker says it has shown the
 * notification. (Asking Chromium for notifications while one is being shown can lose it.)
 */
async function push(data: string): Promise<void> {
  const channel = new BroadcastChannel('parley-push');
  const shown = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no notification shown')), 5000);
    channel.onmessage = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  try {
    await executeServerCommand('parley:deliver-push', { scope: SCOPE, data });
    await shown;
  } finally {
    channel.close();
  }
}

describe('the push service worker', () => {
  let registration: ServiceWorkerRegistration;

  before(async () => {
    await executeServerCommand('parley:grant-notifications');
    registration = await navigator.serviceWorker.register(WORKER, { scope: SCOPE });
    // Pushes reach a worker once it is activated, not while it is still activating.
    await until(() => registration.active?.state === 'activated', 'service worker activated', 10_000);
  });
  after(async () => {
    for (const n of await registration.getNotifications()) n.close();
    await registration.unregister();
  });

  it('shows the notification a push carries, one per conversation', async () => {
    const payload = { title: 'Alice', body: 'Lunch at noon?', cid: 'conv-1', messageId: 'm1', data: { badge: 1 } };
    await push(JSON.stringify(payload));
    const [shown, ...others] = await registration.getNotifications({ tag: 'parley:conv-1' });
    expect(others).to.have.length(0);
    expect(shown!.title).to.equal('Alice');
    expect(shown!.body).to.equal('Lunch at noon?');
    expect(shown!.data).to.deep.equal({ cid: 'conv-1', messageId: 'm1', data: { badge: 1 } });

    await push(JSON.stringify({ ...payload, body: 'Or at one?', messageId: 'm2' }));
    const replaced = await registration.getNotifications({ tag: 'parley:conv-1' });
    expect(replaced.map((n) => n.body)).to.deep.equal(['Or at one?']);
  });

  it('shows a neutral notification for a push it cannot read', async () => {
    await push('<img src=x onerror=alert(1)>');
    const [shown] = await registration.getNotifications({ tag: 'parley' });
    expect(shown!.title).to.equal('New message');
    expect(shown!.body).to.equal('');
  });
});
