// Imported by the sandboxed preload: keep this file free of runtime imports (types only).
import type { OperationName } from '../../src-shared/contract';

/** One IPC channel per contract operation; the preload exposes one named function for each. */
export function channelFor(name: OperationName): string {
  return `countertop:${name}`;
}

export interface IpcRequest {
  token: string | null;
  input: unknown;
  /** The till's retry key for creating calls (same rules as the HTTP header). */
  idempotencyKey?: string;
}

export type IpcResponse =
  | { ok: true; value: unknown }
  | { ok: false; error: { code: string; message: string; details?: unknown } };

/** The argument through which the main process tells the preload which operations exist. */
export const OPS_ARG = '--countertop-ops=';
