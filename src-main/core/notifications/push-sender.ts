import type { Agent } from 'node:https';
import type { VapidKeys } from './vapid';

export interface PushTarget {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export type SendResult =
  | { ok: true; status: number }
  /** status null: no HTTP answer (refused, reset, timed out). */
  | { ok: false; status: number | null; error: string };

/** Delivers one encrypted payload. Injected into the outbox processor so tests control it. */
export type PushSender = (
  target: PushTarget,
  payload: string,
  opts: { urgency: 'normal' | 'high' },
) => Promise<SendResult>;

export interface WebPushSenderOptions {
  vapid: VapidKeys & { subject: string };
  /** Per request: no answer within this long is a failure (retried later). */
  timeoutMs?: number;
  /** How long a push service keeps an undelivered message; POS alerts are stale after a day. */
  ttlSeconds?: number;
  /** Tests pass an agent that trusts their self-signed loopback endpoint. */
  agent?: Agent;
}

export const DEFAULT_PUSH_TIMEOUT_MS = 10_000;

/**
 * Web Push (RFC 8030/8291/8292) through the `web-push` package: aes128gcm body, VAPID JWT.
 * Never throws; every failure comes back as a SendResult. The socket timeout covers an endpoint
 * that never answers; the outer deadline also covers one that trickles bytes forever.
 */
export function webPushSender(opts: WebPushSenderOptions): PushSender {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_PUSH_TIMEOUT_MS;
  return async (target, payload, { urgency }) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      // Loaded on first use: a server without subscribers never needs it (issue 13). The deadline
      // starts after loading: it is the endpoint's time to answer, not ours to load a library.
      const { default: webpush } = await import('web-push');
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      const res = await Promise.race([
        webpush.sendNotification(target, payload, {
          vapidDetails: opts.vapid,
          TTL: opts.ttlSeconds ?? 86_400,
          contentEncoding: 'aes128gcm',
          urgency,
          timeout: timeoutMs,
          ...(opts.agent ? { agent: opts.agent } : {}),
        }),
        deadline,
      ]);
      return { ok: true, status: res.statusCode };
    } catch (e) {
      const { WebPushError } = (await import('web-push')).default;
      if (e instanceof WebPushError) {
        const body = typeof e.body === 'string' ? e.body.slice(0, 200) : '';
        return {
          ok: false,
          status: e.statusCode,
          error: `HTTP ${e.statusCode}${body ? `: ${body}` : ''}`,
        };
      }
      return { ok: false, status: null, error: e instanceof Error ? e.message : String(e) };
    } finally {
      clearTimeout(timer);
    }
  };
}
