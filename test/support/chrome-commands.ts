import type { TestRunnerPlugin } from '@web/test-runner';
import type { ChromeLauncher } from '@web/test-runner-chrome';
import type { CDPSession, Page } from 'puppeteer-core';

/**
 * Browser-test commands that need Chromium's DevTools protocol, called from a test page with
 * `executeServerCommand(name, payload)`:
 * - `parley:throttle-upload` `{ bytesPerSecond }`: slows the page's uploads (-1 lifts it)
 * - `parley:grant-notifications`: allows notifications for the page's origin
 * - `parley:deliver-push` `{ scope, data }`: delivers a Web Push message to the service worker
 *   registered for `scope`, as a push service would
 */
export function chromeCommands(): TestRunnerPlugin {
  const sessions = new WeakMap<Page, Promise<CDPSession>>();
  const registrations = new Map<string, string>();
  const cdpFor = (page: Page) => {
    let session = sessions.get(page);
    if (!session) {
      session = page.createCDPSession().then(async (cdp) => {
        cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: updated }) => {
          for (const r of updated) if (!r.isDeleted) registrations.set(r.scopeURL, r.registrationId);
        });
        await cdp.send('ServiceWorker.enable');
        await cdp.send('Network.enable');
        return cdp;
      });
      sessions.set(page, session);
    }
    return session;
  };

  return {
    name: 'parley-chrome-commands',
    async executeCommand({ command, payload, session }) {
      if (!command.startsWith('parley:')) return undefined;
      const page = (session.browser as ChromeLauncher).getPage(session.id);
      const cdp = await cdpFor(page);
      const origin = new URL(page.url()).origin;
      const args = (payload ?? {}) as { bytesPerSecond?: number; scope?: string; data?: string };
      switch (command) {
        case 'parley:throttle-upload':
          await cdp.send('Network.emulateNetworkConditions', {
            offline: false,
            latency: 0,
            downloadThroughput: -1,
            uploadThroughput: args.bytesPerSecond ?? -1,
          });
          return true;
        case 'parley:grant-notifications':
          await page.browserContext().overridePermissions(origin, ['notifications']);
          return true;
        case 'parley:deliver-push': {
          const deadline = Date.now() + 5000;
          while (!registrations.has(args.scope!) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
          const registrationId = registrations.get(args.scope!);
          if (!registrationId) throw new Error(`no service worker registered for ${args.scope}`);
          await cdp.send('ServiceWorker.deliverPushMessage', { origin, registrationId, data: args.data ?? '' });
          return true;
        }
        default:
          return undefined;
      }
    },
  };
}
