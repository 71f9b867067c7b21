import type { z } from 'zod';
import { PosError } from '../../src-shared/errors';

export function zodDetails(err: z.ZodError): {
  issues: { path: string; message: string; code: string }[];
} {
  return {
    issues: err.issues.map((i) => ({
      path: i.path.map(String).join('.'),
      message: i.message,
      code: i.code,
    })),
  };
}

export function validationError(err: z.ZodError): PosError {
  const first = err.issues[0];
  const where = first && first.path.length ? `${first.path.map(String).join('.')}: ` : '';
  return new PosError(
    'validation_error',
    `${where}${first?.message ?? 'invalid input'}`,
    zodDetails(err),
  );
}
