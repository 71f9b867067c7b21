import { z } from 'zod';

/** Shared schema pieces. Money is an integer count of minor units, never negative. */
export const money = z.number().int('must be an integer count of minor units').min(0);
export const uuid = z.string().uuid();
export const idParam = z.object({ id: z.string().min(1).max(64) });
/** Query-string booleans arrive as text. */
export const queryBool = z.enum(['true', 'false']).transform((v) => v === 'true');
export const limit = z.coerce.number().int().min(1).max(200);
