import type { FastifyError } from 'fastify';
import { z } from 'zod';
import { PosError, isPosError, type ErrorBody } from '../../src-shared/errors';
import { isStorageFailure, storageFailed } from '../db/storage-error';
import { validationError } from '../handlers/validation';
import { HTTP_STATUS } from './error-status';

export interface MappedError {
  status: number;
  body: ErrorBody;
  /** For the server's own log only; never sent. */
  internal?: string;
}

/** Maps anything thrown while handling a request to the error shape of section 0. */
export function mapError(err: unknown, requestId: string): MappedError {
  if (isPosError(err)) {
    const body: ErrorBody = { error: { code: err.code, message: err.message } };
    if (err.details) body.error.details = err.details;
    return { status: err.statusOverride ?? HTTP_STATUS[err.code], body };
  }
  // Raw writes outside Kysely (sign-in counters, backups) meet a full disk too.
  if (isStorageFailure(err)) return mapError(storageFailed(err), requestId);
  if (err instanceof z.ZodError) return mapError(validationError(err), requestId);
  const fe = err as Partial<FastifyError>;
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return mapError(
      new PosError('payload_too_large', 'the request body is larger than 1 MiB'),
      requestId,
    );
  }
  if (
    err instanceof SyntaxError ||
    fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ||
    fe.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH'
  ) {
    const message =
      fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? 'send the body as application/json'
        : 'the request body is not valid JSON';
    return mapError(new PosError('invalid_json', message), requestId);
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return mapError(new PosError('invalid_query', 'the request could not be read'), requestId);
  }
  return {
    status: 500,
    body: { error: { code: 'internal', message: 'internal error', details: { requestId } } },
    internal:
      err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ''}` : String(err),
  };
}
