import type { Readable } from 'node:stream';
import type { Contract, InputOf, OperationName, OutputOf } from '../../src-shared/contract';
import type { App } from '../app';
import type { Actor } from '../core/auth/actor';

/**
 * What most operations need of the app: the core, token signing and the request gate. The hub's
 * office (src-main/hub/office/) runs those operations over a throwaway database with only this,
 * so an operation that reaches further must say so in `AppServiceOperation` below.
 */
export type CoreApp = Pick<App, 'core' | 'tokens' | 'gate'>;

/**
 * Operations whose handlers use the terminal's long-lived services (printer and drawer, terminal
 * settings, backup jobs, the sync worker, an in-process restore) and so need the whole `App`.
 */
export type AppServiceOperation =
  | 'takePayment'
  | 'refundPayment'
  | 'cashNoSale'
  | 'startBackupJob'
  | 'getBackupJob'
  | 'restoreBackup'
  | 'diagnosticsReceipt'
  | 'diagnosticsCashDrawer'
  | 'diagnosticsPrintTest'
  | 'diagnosticsHardware'
  | 'getTerminalSettings'
  | 'updateTerminalSettings'
  | 'getLanAddress'
  | 'joinHub';

/** The operations that run with a `CoreApp` alone. */
export type CoreOperationName = Exclude<OperationName, AppServiceOperation>;

/** What a transport hands to an operation's handler after auth and validation. */
export interface Call<A extends CoreApp = CoreApp> {
  app: A;
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
  call: Call<K extends AppServiceOperation ? App : CoreApp>,
  input: InputOf<Contract[K]>,
) => Promise<OutputOf<Contract[K]>>;

/** One handler per contract entry: the compiler refuses a missing or mistyped one. */
export type Handlers = { [K in OperationName]: Handler<K> };
