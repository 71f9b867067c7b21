/**
 * Shared helpers for talking to devices: every hardware fault is a PosError with the code
 * `hardware_unavailable` (HTTP 503) and a sentence a cashier can act on, and every device
 * operation runs against a deadline so a dead printer can never hang a request.
 */
import { PosError, type ErrorDetails } from '../../src-shared/errors';

/** Default budget for one send, connect included. print-test must answer within 10 s. */
export const DEFAULT_TIMEOUT_MS = 5_000;

export interface SendOptions {
  timeoutMs?: number;
}

export function hardwareError(message: string, details?: ErrorDetails): PosError {
  return new PosError('hardware_unavailable', message, details);
}

/** The errno code of a Node system error, if it has one. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const { code } = error as { code: unknown };
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Resolves or rejects with `work`, or rejects with `onTimeout()` once `deadline` (epoch ms) has
 * passed. The timer is always cleared, so a finished send leaves nothing keeping the process alive.
 */
export function beforeDeadline<T>(
  work: Promise<T>,
  deadline: number,
  onTimeout: () => Error,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), Math.max(0, deadline - Date.now()));
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
