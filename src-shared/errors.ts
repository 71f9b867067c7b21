/**
 * The one error type every layer throws. Codes are a closed union so each transport can map them
 * exhaustively (see src-main/http/error-status.ts for HTTP).
 */
export const ERROR_CODES = [
  'invalid_json',
  'invalid_query',
  'invalid_range',
  'unauthorized',
  'invalid_credentials',
  'user_deactivated',
  'forbidden',
  'approval_denied',
  'not_found',
  'conflict',
  'payload_too_large',
  'validation_error',
  'too_many_attempts',
  'rate_limited',
  'internal',
  'last_admin',
  'idempotency_mismatch',
  'idempotency_in_progress',
  'card_data_rejected',
  'unknown_menu_item',
  'item_unavailable',
  'invalid_transition',
  'unpaid',
  'has_payments',
  'overpayment',
  'order_closed',
  'token_required',
  'payment_declined',
  'provider_unavailable',
  'payment_pending',
  'over_refund',
  'no_open_session',
  'session_open',
  'negative_stock',
  'already_consumed',
  'already_clocked_in',
  'not_clocked_in',
  'hardware_unavailable',
  'database_in_use',
  'invalid_backup',
  'method_not_allowed',
  'unknown_modifier',
  'modifier_unavailable',
  'modifier_required',
  'modifier_count',
  'discount_too_large',
  'order_not_pending',
  'not_held',
  'drawer_open',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorDetails = Record<string, unknown>;

export class PosError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;
  /**
   * Rarely needed: one code meaning two things to a client. `user_deactivated` is 401 for a
   * token (the session is gone) but 403 at sign-in (the credentials were right, access is not).
   */
  readonly statusOverride: number | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails, statusOverride?: number) {
    super(message);
    this.name = 'PosError';
    this.code = code;
    this.details = details;
    this.statusOverride = statusOverride;
  }
}

export function isPosError(e: unknown): e is PosError {
  return e instanceof PosError;
}

/** The wire shape of every error (API.md §0). */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: ErrorDetails };
}
