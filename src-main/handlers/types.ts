import type { Readable } from 'node:stream';
import type { Contract, InputOf, OperationName, OutputOf } from '../../src-shared/contract';
import type { App } from '../app';
import type { Actor } from '../core/auth/actor';

/** What a transport hands to an operation's handler after auth and validation. */
export interface Call {
  app: App;
  /** null only for `public` operations. */
  actor: Actor | null;
  requestId: string;
  /** The client's address (`request.ip` over HTTP, `ipc` from the desktop window). */
  address: string;
  /** The request's Idempotency-Key, when the operation honours one and the caller sent it. */
  idempotencyKey?: string;
  /** The raw body of an `upload` operation (HTTP only), with its declared length. */
  upload?: { body: Readable; declaredBytes: number | null };
}

export type Handler<K extends OperationName> = (
  call: Call,
  input: InputOf<Contract[K]>,
) => Promise<OutputOf<Contract[K]>>;

/** One handler per contract entry: the compiler refuses a missing or mistyped one. */
export type Handlers = { [K in OperationName]: Handler<K> };
