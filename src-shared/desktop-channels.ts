// The IPC channels between the desktop shell and the renderer, shared by both sides. Imported by
// the sandboxed preload: keep this file free of runtime imports (types only).
import type { OperationName } from './contract';

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

/** What HTTP would have said: the status, and for errors the code, message and details. */
export type IpcResponse =
  | { ok: true; value: unknown; status: number; replayed?: true }
  | { ok: false; status: number; error: { code: string; message: string; details?: unknown } };

/** The argument through which the main process tells the preload which operations exist. */
export const OPS_ARG = '--countertop-ops=';

/** Opening and closing a stream operation (the kitchen feed) over IPC. */
export const SUBSCRIBE_CHANNEL = 'countertop-stream:subscribe';
export const UNSUBSCRIBE_CHANNEL = 'countertop-stream:unsubscribe';
/** Main → window: one message of a subscription, `(subscriptionId, StreamMessage)`. */
export const STREAM_CHANNEL = 'countertop-stream:message';
/** Main → window: what the shell itself has to say (`ShellEvent`). */
export const SHELL_EVENT_CHANNEL = 'countertop-shell:event';

export interface SubscribeRequest {
  name: OperationName;
  token: string | null;
  input: unknown;
}

/** One Server-Sent Event, or the end of the stream (the server closed it, or refused it). */
export type StreamMessage =
  | { kind: 'event'; id?: string; event?: string; data?: unknown }
  | { kind: 'end'; error?: { status: number; code: string; message: string } };

/** What the main process pushes to the window outside any call. */
export type ShellEvent =
  /** File → Back up now, running in the main process: a banner shows it. */
  | { type: 'backup'; state: 'running'; message: string }
  | { type: 'backup'; state: 'done'; message: string; file: string }
  | { type: 'backup'; state: 'failed'; message: string }
  /** The data under the window changed (a restore from the menu): sign out, start again. */
  | { type: 'signed-out'; message: string }
  /** View → Kitchen display, Help → Hardware diagnostics: the screen to show. */
  | { type: 'navigate'; screen: string }
  | { type: 'about'; message: string };

/** The preload's second object: streams and shell events (`window.countertopShell`). */
export interface ShellBridge {
  subscribe(
    name: OperationName,
    token: string | null,
    input: unknown,
    onMessage: (message: StreamMessage) => void,
  ): Promise<string>;
  unsubscribe(id: string): Promise<void>;
  onShellEvent(listener: (event: ShellEvent) => void): void;
  /**
   * First run in the desktop app: creates the owner account (no setup link: only this window
   * reaches this channel). Answers like an operation (`IpcResponse` with the LoginResult).
   */
  createOwner(account: unknown): Promise<IpcResponse>;
  /** Tells the main process the window signed out (the menu disables its admin items). */
  signedOut(): Promise<void>;
}

/** Window → main: the renderer signed out (the token is dropped; there is no API call for it). */
export const SIGNED_OUT_CHANNEL = 'countertop-shell:signed-out';

/** Window → main: the first run's owner account, over IPC only (see ShellBridge.createOwner). */
export const CREATE_OWNER_CHANNEL = 'countertop-shell:create-owner';
