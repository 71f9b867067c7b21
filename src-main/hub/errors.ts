import type { HubErrorCode } from '../../src-shared/hub-protocol';

/**
 * The hub's refusals: the protocol's codes for tills, plus the usual ones for people signed in
 * to the hub. Answered as `{ protocol, error: { code, message, details } }`.
 */
export const HUB_ERROR_STATUS = {
  pairing_code_invalid: 401,
  till_revoked: 401,
  unknown_till: 401,
  sequence_gap: 409,
  protocol_unsupported: 426,
  unknown_entity: 422,
  validation_error: 422,
  invalid_json: 400,
  invalid_range: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  user_deactivated: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  too_many_attempts: 429,
  internal: 500,
} as const satisfies Record<HubErrorCode, number> & Record<string, number>;

/** Every code the protocol names has a status above: the `satisfies` checks it. */
export type HubRefusal = keyof typeof HUB_ERROR_STATUS;

export class HubError extends Error {
  readonly code: HubRefusal;
  readonly details: Record<string, unknown> | undefined;
  constructor(code: HubRefusal, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'HubError';
    this.code = code;
    this.details = details;
  }
  get status(): number {
    return HUB_ERROR_STATUS[this.code];
  }
}
