import type { Transport } from './transport.js';

/**
 * Subscribes this browser to Web Push with the server's VAPID key (reusing an existing
 * subscription) and registers it for the user. `registration` is the page's service worker,
 * e.g. `navigator.serviceWorker.register('/parley-sw.js')`.
 */
export async function subscribeToPush(transport: Transport, registration: ServiceWorkerRegistration): Promise<PushSubscription> {
  const { publicKey } = await transport.request('push:get-key', {});
  const subscription =
    (await registration.pushManager.getSubscription()) ??
    (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey }));
  const { endpoint, keys } = subscription.toJSON();
  if (!endpoint || !keys?.p256dh || !keys.auth) throw new TypeError('The browser gave an incomplete push subscription');
  await transport.request('push:subscribe', { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } });
  return subscription;
}

/** Stops pushes to this browser for the user. */
export async function unsubscribeFromPush(transport: Transport, registration: ServiceWorkerRegistration): Promise<void> {
  const subscription = await registration.pushManager.getSubscription();
  if (!subscription) return;
  await transport.request('push:unsubscribe', { endpoint: subscription.endpoint });
  await subscription.unsubscribe();
}
