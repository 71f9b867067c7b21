import type { Client } from '../api/client';

/** Whether this page can subscribe to Web Push, and if not, why (in words for the screen). */
export type PushSupport =
  { ok: true } | { ok: false; reason: 'ipc' | 'insecure' | 'unsupported'; message: string };

export function pushSupport(client: Client): PushSupport {
  if (client.transport.kind === 'ipc')
    return {
      ok: false,
      reason: 'ipc',
      message:
        'The desktop app shows notifications on this screen; push to a phone or browser is ' +
        'set up from a browser that opens Countertop over HTTPS.',
    };
  if (!globalThis.isSecureContext)
    return {
      ok: false,
      reason: 'insecure',
      message:
        `Push is unavailable here: this page was opened over plain HTTP (${location.host}), ` +
        'and browsers only allow push on a secure page. Open Countertop over HTTPS (for ' +
        'example behind a proxy with a certificate) or at http://localhost on the counter ' +
        'computer itself. Notifications still show on this screen.',
    };
  if (!('serviceWorker' in navigator) || !('PushManager' in globalThis))
    return {
      ok: false,
      reason: 'unsupported',
      message: 'This browser does not offer push notifications. They still show on this screen.',
    };
  return { ok: true };
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const b64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The subscription this browser already has for this page, if any. */
export async function currentSubscription(): Promise<PushSubscription | null> {
  const reg = await navigator.serviceWorker.getRegistration('./');
  return (await reg?.pushManager.getSubscription()) ?? null;
}

/**
 * Asks the browser for permission, registers the service worker and subscribes with the
 * server's VAPID key, then gives the subscription to the server for the signed-in user.
 */
export async function subscribeToPush(client: Client): Promise<void> {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted')
    throw new Error('Notifications are blocked for this site in the browser settings.');
  const reg = await navigator.serviceWorker.register('./sw.js');
  await navigator.serviceWorker.ready;
  const { publicKey } = await client.pushPublicKey({});
  const sub =
    (await reg.pushManager.getSubscription()) ??
    (await reg.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: keyBytes(publicKey),
    }));
  const json = sub.toJSON() as {
    endpoint: string;
    keys: { p256dh: string; auth: string };
    expirationTime?: number | null;
  };
  await client.pushSubscribe({ endpoint: json.endpoint, keys: json.keys });
}
