/**
 * Parley's service worker: shows a notification for each Web Push the server sends (a JSON
 * PushPayload), announces it on the `parley-push` BroadcastChannel, and, when one is clicked,
 * focuses a page of this site (telling it which conversation) or opens one. Built to `dist/parley-sw.js`; a site serves that file from its
 * own origin and registers it (see README).
 */
import type { PushPayload } from '../protocol/model.js';

// The few service worker types used here (the project's DOM lib does not include them).
interface ExtendableEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface PushEvent extends ExtendableEvent {
  readonly data: { json(): unknown; text(): string } | null;
}
interface NotificationEvent extends ExtendableEvent {
  readonly notification: Notification;
}
interface WindowClient {
  readonly url: string;
  focus(): Promise<WindowClient>;
  postMessage(message: unknown): void;
}
interface ServiceWorkerScope {
  readonly registration: ServiceWorkerRegistration;
  readonly clients: {
    matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<WindowClient[]>;
    openWindow(url: string): Promise<WindowClient | null>;
  };
  addEventListener(type: 'push', listener: (event: PushEvent) => void): void;
  addEventListener(type: 'notificationclick', listener: (event: NotificationEvent) => void): void;
}

const worker = self as unknown as ServiceWorkerScope;
/** BroadcastChannel on which the worker announces each notification it has shown. */
const PUSH_CHANNEL = 'parley-push';

/** What a push says, or a neutral notification when it carries nothing readable. */
function notificationFor(data: PushEvent['data']): { title: string; options: NotificationOptions } {
  let payload: Partial<PushPayload> = {};
  try {
    payload = (data?.json() ?? {}) as Partial<PushPayload>;
  } catch {
    // Not JSON: show the default below.
  }
  const title = typeof payload.title === 'string' && payload.title ? payload.title : 'New message';
  const body = typeof payload.body === 'string' ? payload.body : '';
  return {
    title,
    // One notification per conversation: a newer message replaces the older one.
    options: { body, tag: payload.cid ? `parley:${payload.cid}` : 'parley', data: { cid: payload.cid, messageId: payload.messageId, data: payload.data } },
  };
}

worker.addEventListener('push', (event) => {
  const { title, options } = notificationFor(event.data);
  event.waitUntil(
    worker.registration.showNotification(title, options).then(() => {
      // Open pages of the site may want to know (e.g. to update a badge).
      const channel = new BroadcastChannel(PUSH_CHANNEL);
      channel.postMessage({ type: 'shown', ...(options.data as object) });
      channel.close();
    }),
  );
});

worker.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const { cid } = (event.notification.data ?? {}) as { cid?: string };
  event.waitUntil(
    worker.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(async (pages) => {
      const page = pages[0];
      if (!page) {
        await worker.clients.openWindow('/');
        return;
      }
      await page.focus();
      page.postMessage({ type: 'parley:notification-click', cid });
    }),
  );
});
