import type { OperationName } from '../../src-shared/contract';

/** One IPC channel per contract operation; the preload exposes one named function for each. */
export function channelFor(name: OperationName): string {
  return `countertop:${name}`;
}

export interface IpcRequest {
  token: string | null;
  input: unknown;
}

export type IpcResponse =
  | { ok: true; value: unknown }
  | { ok: false; error: { code: string; message: string; details?: unknown } };

/** The argument through which the main process tells the preload which operations exist. */
export const OPS_ARG = '--countertop-ops=';
