import type { z } from 'zod';
import type { Permission } from '../permissions';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * Who may call an operation: nobody needs to sign in (`public`), any signed-in user
 * (`signed_in`), or a holder of one permission.
 */
export type Access = 'public' | 'signed_in' | Permission;

/**
 * One operation of the contract. `input` validates the merged path params, query and body
 * (HTTP) or the single payload (IPC). `Out` is a phantom type carrying the output shape.
 */
export interface Operation<I extends z.ZodType = z.ZodType, Out = unknown> {
  name: string;
  method: HttpMethod;
  /** Path below /api, Fastify style (`/orders/:id`). */
  path: string;
  input: I;
  access: Access;
  /** Success status; 200 unless the operation creates something. */
  status: 200 | 201;
  /** Honours the Idempotency-Key header (creating POSTs). */
  idempotent?: boolean;
  /** Answer with a strong ETag and honour If-None-Match with a bodyless 304 (polled reads). */
  etag?: boolean;
  /**
   * The body is not JSON: the handler returns bytes with this content type, or, for
   * `text/event-stream`, an AsyncIterable<SseMessage> written out as Server-Sent Events (such an
   * operation also accepts the token as `?access_token=`, since EventSource cannot send headers).
   */
  produces?: 'application/pdf' | 'text/csv' | 'text/event-stream' | 'application/vnd.sqlite3';
  /**
   * The request body is a file, not JSON (HTTP: any content type, read as raw bytes up to
   * `maxBytes`, never buffered whole); the input comes from the path and the query alone and the
   * handler reads the bytes from `call.upload`. Not offered over IPC.
   */
  upload?: { maxBytes: number };
  /** For bytes sent as a download: the file name the browser saves them under. */
  filename?(input: z.infer<I>): string;
  summary: string;
  /**
   * Also answers `?format=csv` (HTTP): turns the JSON output into rows, the header row first;
   * the transport writes them as text/csv. A method, so an operation of any output type fits.
   */
  csv?(output: Out): CsvRows;
  /** Never read at runtime: carries the output type for the handler map and the client. */
  readonly _out?: Out;
}

/** One Server-Sent Events message; `comment` alone is a heartbeat line (`: ...`). */
export interface SseMessage {
  id?: string;
  event?: string;
  /** Serialised as JSON on one `data:` line. */
  data?: unknown;
  comment?: string;
  /** Reconnection delay the client should use, in ms. */
  retry?: number;
}

/**
 * What the iterator of a `text/event-stream` handler may offer besides `next()`: the messages
 * already waiting behind the one `next()` gave, taken at once. Orders committed together then
 * reach each display as one write, not as a chain of promises per order per display (issue 13).
 * A transport that never asks still gets every message from `next()`.
 */
export interface SseIterator extends AsyncIterator<SseMessage> {
  takeWaiting?(): SseMessage[];
}

/** A CSV table: the first row is the header. */
export type CsvRows = (string | number | boolean | null)[][];

export function op<I extends z.ZodType, Out>(
  def: Omit<Operation<I, Out>, 'status' | '_out'> & { status?: 200 | 201 },
): Operation<I, Out> {
  return { status: 200, ...def };
}

export type InputOf<O> = O extends Operation<infer I, unknown> ? z.infer<I> : never;
export type OutputOf<O> = O extends Operation<z.ZodType, infer Out> ? Out : never;
