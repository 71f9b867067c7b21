/**
 * Test harness for the foundation: a temp data dir, a real `openApp` (real SQLite file, real
 * migrations) with a fake clock, and the real Fastify server listening on 127.0.0.1:0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { openApp, type App, type AppOptions } from '../../src-main/app';
import { createUser } from '../../src-main/core/auth/users';
import { buildServer } from '../../src-main/http/server';
import type { LoginResult, User } from '../../src-shared/contract';
import type { Role, Permission } from '../../src-shared/permissions';

/** A mutable clock: `fn` is what the app reads; tests move `now`. */
export interface FakeClock {
  now: Date;
  readonly fn: () => Date;
  advance(ms: number): void;
  set(iso: string | Date): void;
}

export const CLOCK_START = '2026-11-25T10:00:00.000Z';

export function fakeClock(start: string = CLOCK_START): FakeClock {
  const clock: FakeClock = {
    now: new Date(start),
    fn: () => new Date(clock.now.getTime()),
    advance(ms) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
    set(t) {
      clock.now = new Date(t);
    },
  };
  return clock;
}

const tempDirs: string[] = [];

/** A fresh directory under the OS temp dir; `removeTempDirs()` deletes them all. */
export function tempDir(prefix = 'countertop-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON when the body is JSON, else undefined. */
  body: T;
  text: string;
}

export interface RequestOptions {
  method?: string;
  /** Serialised as JSON unless `raw` is given. */
  body?: unknown;
  /** Sent as-is (with Content-Type application/json unless headers say otherwise). */
  raw?: string;
  token?: string;
  headers?: Record<string, string>;
}

export interface ErrorBodyShape {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

export interface TestServer {
  app: App;
  server: FastifyInstance;
  clock: FakeClock;
  dataDir: string;
  baseUrl: string;
  /** Every request log line the server wrote, in order. */
  logs: Record<string, unknown>[];
  /**
   * Resolves once at least `count` log lines exist. The line is written when the response has
   * finished on the server side, which can be a moment after the client already has it.
   */
  waitForLogs(count: number): Promise<void>;
  request<T = unknown>(path: string, opts?: RequestOptions): Promise<ApiResponse<T>>;
  login(username: string, password: string): Promise<ApiResponse<LoginResult & ErrorBodyShape>>;
  loginPin(username: string, pin: string): Promise<ApiResponse<LoginResult & ErrorBodyShape>>;
  /** Logs in and returns the token, failing loudly if the login does not succeed. */
  token(username: string, password: string): Promise<string>;
  /** Creates a user through the core (no HTTP, no permission check). */
  createUser(input: NewUser): Promise<User>;
  close(): Promise<void>;
}

export interface NewUser {
  username: string;
  password: string;
  role: Role;
  displayName?: string;
  pin?: string;
  extraPermissions?: Permission[];
  revokedPermissions?: Permission[];
}

/** Plain fetch against a base URL, JSON in and out. */
export async function request<T = unknown>(
  baseUrl: string,
  path: string,
  opts: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  let body: string | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
    headers['content-type'] = 'application/json';
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  const res = await fetch(baseUrl + path, {
    method: opts.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}

export interface StartOptions {
  clock?: FakeClock;
  dataDir?: string;
  /** The environment openApp sees; empty by default so a developer's POS_* never leaks in. */
  env?: NodeJS.ProcessEnv;
  migrations?: AppOptions['migrations'];
  /**
   * Print-queue options. The fake printers of most tests do not speak DLE EOT, so real-time
   * status reads are off unless a test turns them on (test/hardware/printer-status*.test.ts).
   */
  hardware?: AppOptions['hardware'];
  /** The sync worker's timings (test/sync/: a long tick, runs driven by `app.sync.runNow()`). */
  sync?: AppOptions['sync'];
}

/** openApp on a temp data dir + the real server on 127.0.0.1:0 with an array log sink. */
export async function startTestServer(opts: StartOptions = {}): Promise<TestServer> {
  const clock = opts.clock ?? fakeClock();
  const dataDir = opts.dataDir ?? tempDir();
  const app = openApp({
    dataDir,
    env: opts.env ?? {},
    clock: clock.fn,
    hardware: { statusTimeoutMs: 0, ...opts.hardware },
    ...(opts.migrations ? { migrations: opts.migrations } : {}),
    ...(opts.sync ? { sync: opts.sync } : {}),
  });
  const logs: Record<string, unknown>[] = [];
  const server = await buildServer(app, { log: (line) => logs.push(line), env: opts.env ?? {} });
  await server.listen({ host: '127.0.0.1', port: 0 });
  const { port } = server.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const req = <T>(path: string, o?: RequestOptions) => request<T>(baseUrl, path, o);
  const ts: TestServer = {
    app,
    server,
    clock,
    dataDir,
    baseUrl,
    logs,
    async waitForLogs(count) {
      const until = Date.now() + 2000;
      while (logs.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} log lines, have ${logs.length}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    request: req,
    login: (username, password) => req('/api/auth/login', { body: { username, password } }),
    loginPin: (username, pin) => req('/api/auth/login', { body: { username, pin } }),
    async token(username, password) {
      const res = await ts.login(username, password);
      if (res.status !== 200)
        throw new Error(`login ${username} failed: ${res.status} ${res.text}`);
      return res.body.token;
    },
    createUser: (input) => createUser(app.core, input),
    async close() {
      await server.close();
      await app.close();
    },
  };
  return ts;
}

/** Decodes one base64url JWT segment (no verification). */
export function jwtPart(token: string, index: 0 | 1): Record<string, unknown> {
  const part = token.split('.')[index] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}
