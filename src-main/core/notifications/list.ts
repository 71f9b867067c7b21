import { sql, type ExpressionBuilder } from 'kysely';
import type { z } from 'zod';
import type {
  listNotificationsInput,
  Notification,
} from '../../../src-shared/contract/notifications';
import { PosError } from '../../../src-shared/errors';
import type { User } from '../../../src-shared/contract/auth';
import type { DB } from '../../db/schema';
import type { CoreContext } from '../context';
import { toNotification } from './create';

export const DEFAULT_NOTIFICATION_LIMIT = 100;

/** Everyone, the user's role, or the user by id: the audiences a user belongs to. */
function forUser(eb: ExpressionBuilder<DB, 'notifications'>, user: User) {
  return eb.or([
    eb.and([eb('audienceRoles', 'is', null), eb('audienceUserId', 'is', null)]),
    eb('audienceUserId', '=', user.id),
    eb.exists(
      sql`(select 1 from json_each(${eb.ref('audienceRoles')}) where value = ${user.role})`,
    ),
  ]);
}

/** The caller's notifications, newest first, with the caller's own read state. */
export async function listNotifications(
  ctx: CoreContext,
  user: User,
  input: z.infer<typeof listNotificationsInput>,
): Promise<{ notifications: Notification[] }> {
  let q = ctx.dbh.db
    .selectFrom('notifications')
    .leftJoin('notificationReads as r', (j) =>
      j.onRef('r.notificationId', '=', 'notifications.id').on('r.userId', '=', user.id),
    )
    .selectAll('notifications')
    .select('r.readAt')
    .where((eb) => forUser(eb, user));
  if (input.unread) q = q.where('r.readAt', 'is', null);
  const rows = await q
    .orderBy('notifications.createdAt', 'desc')
    .orderBy('notifications.id', 'desc')
    .limit(input.limit ?? DEFAULT_NOTIFICATION_LIMIT)
    .execute();
  return { notifications: rows.map((r) => toNotification(r, r.readAt)) };
}

/**
 * Marks one notification read for the caller (others keep their own state). Reading twice
 * keeps the first time. A notification outside the caller's audience is a 404, as if absent.
 */
export async function markNotificationRead(
  ctx: CoreContext,
  user: User,
  id: string,
): Promise<Notification> {
  return ctx.dbh.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('notifications')
      .selectAll()
      .where('id', '=', id)
      .where((eb) => forUser(eb, user))
      .executeTakeFirst();
    if (!row) throw new PosError('not_found', 'no such notification', { id });
    await trx
      .insertInto('notificationReads')
      .values({ notificationId: id, userId: user.id, readAt: ctx.clock().toISOString() })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const read = await trx
      .selectFrom('notificationReads')
      .select('readAt')
      .where('notificationId', '=', id)
      .where('userId', '=', user.id)
      .executeTakeFirstOrThrow();
    return toNotification(row, read.readAt);
  });
}

/**
 * Marks every notification in the caller's audience that the caller has not read, read now, in
 * one statement (so nothing posted meanwhile is half-marked). Answers how many it marked.
 */
export async function markAllNotificationsRead(
  ctx: CoreContext,
  user: User,
): Promise<{ marked: number }> {
  const now = ctx.clock().toISOString();
  const res = await ctx.dbh.db
    .insertInto('notificationReads')
    .columns(['notificationId', 'userId', 'readAt'])
    .expression((eb) =>
      eb
        .selectFrom('notifications')
        .select((s) => ['notifications.id', s.val(user.id).as('userId'), s.val(now).as('readAt')])
        .where((w) => forUser(w, user))
        .where((w) =>
          w.not(
            w.exists(
              w
                .selectFrom('notificationReads as r')
                .select('r.notificationId')
                .whereRef('r.notificationId', '=', 'notifications.id')
                .where('r.userId', '=', user.id),
            ),
          ),
        ),
    )
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return { marked: Number(res.numInsertedOrUpdatedRows ?? 0) };
}
