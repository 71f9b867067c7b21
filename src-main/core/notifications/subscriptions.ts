import { ECDH } from 'node:crypto';
import type { z } from 'zod';
import type {
  PushSubscription,
  pushSubscribeInput,
} from '../../../src-shared/contract/notifications';
import { PosError } from '../../../src-shared/errors';
import type { CoreContext } from '../context';

/** True when the 65 bytes are a point on P-256 (the schema checked length and the 0x04 prefix). */
export function isP256Point(key: Buffer): boolean {
  try {
    ECDH.convertKey(key, 'prime256v1', undefined, undefined, 'uncompressed');
    return true;
  } catch {
    return false;
  }
}

/**
 * Registers a browser's push subscription for the caller. The endpoint is unique: subscribing
 * an endpoint again (the same browser, perhaps now signed in as someone else) moves it to the
 * caller and takes the new keys. Answers 201 either way.
 */
export async function subscribePush(
  ctx: CoreContext,
  userId: string,
  input: z.infer<typeof pushSubscribeInput>,
): Promise<PushSubscription> {
  if (!isP256Point(Buffer.from(input.keys.p256dh, 'base64url'))) {
    throw new PosError('validation_error', 'keys.p256dh: not a point on P-256', {
      issues: [{ path: 'keys.p256dh', message: 'not a point on P-256', code: 'custom' }],
    });
  }
  const now = ctx.clock().toISOString();
  return ctx.dbh.db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('pushSubscriptions')
      .select(['id', 'createdAt'])
      .where('endpoint', '=', input.endpoint)
      .executeTakeFirst();
    if (existing) {
      await trx
        .updateTable('pushSubscriptions')
        .set({ userId, p256dh: input.keys.p256dh, auth: input.keys.auth, updatedAt: now })
        .where('id', '=', existing.id)
        .execute();
      return {
        id: existing.id,
        userId,
        endpoint: input.endpoint,
        createdAt: existing.createdAt,
        updatedAt: now,
      };
    }
    const row = {
      id: ctx.newId(),
      userId,
      endpoint: input.endpoint,
      p256dh: input.keys.p256dh,
      auth: input.keys.auth,
      createdAt: now,
      updatedAt: now,
    };
    await trx.insertInto('pushSubscriptions').values(row).execute();
    return { id: row.id, userId, endpoint: row.endpoint, createdAt: now, updatedAt: now };
  });
}
