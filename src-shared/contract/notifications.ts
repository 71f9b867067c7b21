/** Section 8 of the API contract: notifications, Web Push subscriptions, the push outbox. */
import { z } from 'zod';
import { decodeBase64url } from '../base64url';
import { ROLES, type Role } from '../permissions';
import { idParam, limit, queryBool } from './common';
import { op } from './define';

export type NotificationLevel = 'info' | 'warning' | 'critical';

export interface Audience {
  roles: Role[] | null;
  userId: string | null;
}

export interface Notification {
  id: string;
  title: string;
  body: string | null;
  level: NotificationLevel;
  /** null: everyone. */
  audience: Audience | null;
  /** `low_stock` alerts carry the item they are about. */
  kind: 'manual' | 'low_stock';
  inventoryItemId: string | null;
  createdAt: string;
  createdBy: string | null;
  /** Per caller. */
  read: boolean;
  readAt: string | null;
}

export interface PushSubscription {
  id: string;
  userId: string;
  endpoint: string;
  createdAt: string;
  updatedAt: string;
}

export interface OutboxRow {
  id: string;
  notificationId: string;
  subscriptionId: string | null;
  userId: string;
  endpoint: string;
  state: 'pending' | 'delivered' | 'dead' | 'dropped';
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  lastStatus: number | null;
  deliveredAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const LEVELS = ['info', 'warning', 'critical'] as const;

export const createNotificationInput = z.strictObject({
  title: z.string().trim().min(1).max(120),
  body: z.string().trim().max(1000).optional(),
  level: z.enum(LEVELS).optional(),
  audience: z
    .strictObject({
      roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length).optional(),
      userId: z.string().min(1).max(64).optional(),
    })
    .optional(),
});

export const createNotification = op<
  typeof createNotificationInput,
  Notification & { deliveries: number }
>({
  name: 'createNotification',
  method: 'POST',
  path: '/notifications',
  access: 'notifications.manage',
  status: 201,
  idempotent: true,
  summary: 'Post a notification (no audience: everyone); queues its push deliveries',
  input: createNotificationInput,
});

export const listNotificationsInput = z.object({
  unread: queryBool.optional(),
  limit: limit.optional(),
});

export const listNotifications = op<
  typeof listNotificationsInput,
  { notifications: Notification[] }
>({
  name: 'listNotifications',
  method: 'GET',
  path: '/notifications',
  access: 'notifications.view',
  summary: "The caller's notifications, newest first",
  input: listNotificationsInput,
});

export const markNotificationRead = op<typeof idParam, Notification>({
  name: 'markNotificationRead',
  method: 'POST',
  path: '/notifications/:id/read',
  access: 'notifications.view',
  summary: 'Mark one of the caller’s notifications read',
  input: idParam,
});

export const markAllNotificationsRead = op<z.ZodObject<Record<string, never>>, { marked: number }>({
  name: 'markAllNotificationsRead',
  method: 'POST',
  path: '/notifications/read-all',
  access: 'notifications.view',
  summary: 'Mark every unread notification of the caller read; answers how many were marked',
  input: z.object({}),
});

export const pushPublicKey = op<z.ZodObject<Record<string, never>>, { publicKey: string }>({
  name: 'pushPublicKey',
  method: 'GET',
  path: '/notifications/push/public-key',
  access: 'notifications.view',
  summary: 'The VAPID public key (applicationServerKey) for PushManager.subscribe',
  input: z.object({}),
});

/** Canonical base64url without padding that decodes to exactly `bytes` bytes. */
function base64urlBytes(bytes: number) {
  return z
    .string()
    .max(200)
    .refine(
      (s) => decodeBase64url(s)?.length === bytes,
      `must be ${bytes} bytes, base64url without padding`,
    );
}

export const pushSubscribeInput = z.strictObject({
  endpoint: z
    .string()
    .max(2048)
    .refine((s) => {
      try {
        const u = new URL(s);
        return u.protocol === 'https:' && u.hostname !== '' && !u.username && !u.password;
      } catch {
        return false;
      }
    }, 'must be an https URL'),
  keys: z.strictObject({
    // The check that it is a point on P-256 runs in the core (it needs node:crypto).
    p256dh: base64urlBytes(65).refine(
      (s) => decodeBase64url(s)?.[0] === 0x04,
      'must be an uncompressed P-256 public key',
    ),
    auth: base64urlBytes(16),
  }),
  // Browsers' PushSubscription.toJSON() includes this; accepted and ignored.
  expirationTime: z.number().nullable().optional(),
});

export const pushSubscribe = op<typeof pushSubscribeInput, PushSubscription>({
  name: 'pushSubscribe',
  method: 'POST',
  path: '/notifications/push/subscribe',
  access: 'notifications.view',
  status: 201,
  idempotent: true,
  summary: "Register this browser's push subscription for the caller",
  input: pushSubscribeInput,
});

export const listOutboxInput = z.object({
  state: z.enum(['pending', 'delivered', 'dead', 'dropped']).optional(),
  limit: limit.optional(),
});

export const listOutbox = op<typeof listOutboxInput, { outbox: OutboxRow[] }>({
  name: 'listOutbox',
  method: 'GET',
  path: '/notifications/outbox',
  // users.manage OR notifications.manage: checked by the handler (one permission per op here).
  access: 'signed_in',
  summary: 'Push deliveries and their state (dead ones after 8 failed attempts)',
  input: listOutboxInput,
});

export const notificationOps = {
  createNotification,
  listNotifications,
  markNotificationRead,
  markAllNotificationsRead,
  pushPublicKey,
  pushSubscribe,
  listOutbox,
};
