import { z } from 'zod';

/** Shared schema pieces. Money is an integer count of minor units, never negative. */
export const money = z.number().int('must be an integer count of minor units').min(0);
export const uuid = z.string().uuid();
export const idParam = z.object({ id: z.string().min(1).max(64) });
/** Query-string booleans arrive as text. */
export const queryBool = z.enum(['true', 'false']).transform((v) => v === 'true');
export const limit = z.coerce.number().int().min(1).max(200);

/**
 * Control characters (NUL, escapes, C1) have no place in text a person typed; SQLite's length()
 * also stops at a NUL, so such a reason would pass zod and then fail the table's CHECK as a 500.
 */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
export function plainText(max: number, required = 'must not be empty') {
  return z
    .string()
    .trim()
    .min(1, required)
    .max(max)
    .refine((s) => !CONTROL_CHARS.test(s), 'must not contain control characters');
}
/** A reason written into the audit trail, a refund or a drawer's no-sale: 1–200 characters. */
export function reasonText(required = 'reason is required') {
  return plainText(200, required);
}
