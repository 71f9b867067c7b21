import type { notificationOps } from '../../src-shared/contract/notifications';
import { PosError } from '../../src-shared/errors';
import { createNotification } from '../core/notifications/create';
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from '../core/notifications/list';
import { listOutbox } from '../core/notifications/outbox';
import { subscribePush } from '../core/notifications/subscriptions';
import { loadVapidKeys } from '../core/notifications/vapid';
import type { Handlers } from './types';
import { signedIn } from './signed-in';

export const notificationHandlers = {
  createNotification: (call, input) =>
    createNotification(call.app.core, input, signedIn(call).user.id),
  listNotifications: (call, input) => listNotifications(call.app.core, signedIn(call).user, input),
  markNotificationRead: (call, input) =>
    markNotificationRead(call.app.core, signedIn(call).user, input.id),
  markAllNotificationsRead: (call) => markAllNotificationsRead(call.app.core, signedIn(call).user),
  pushPublicKey: async (call) => ({ publicKey: loadVapidKeys(call.app.core.dataDir).publicKey }),
  pushSubscribe: (call, input) => subscribePush(call.app.core, signedIn(call).user.id, input),
  listOutbox: (call, input) => {
    // The outbox is an admin's view: either permission will do (API.md §8).
    const actor = signedIn(call);
    if (!actor.can('users.manage') && !actor.can('notifications.manage')) {
      throw new PosError('forbidden', 'this needs users.manage or notifications.manage', {
        permission: 'notifications.manage',
      });
    }
    return listOutbox(call.app.core, input);
  },
} satisfies Pick<Handlers, keyof typeof notificationOps>;
