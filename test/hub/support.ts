/** Helpers for the hub tests: a hub in this process on 127.0.0.1, calls, a signed-in admin, tills. */
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { HUB_PROTOCOL_VERSION, type PushedChange } from '../../src-shared/hub-protocol';
import { createLogger } from '../../src-main/log';
import { openHub, type Hub } from '../../src-main/hub/server';
import { createHubUser } from '../../src-main/hub/users';

export const HUB_SECRET = 'a-test-secret-shared-by-every-hub-process';

export interface TestHub {
  hub: Hub;
  url: string;
  /** Every log line the hub wrote (refusals are `warn`). */
  lines: Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startTestHub(
  databaseUrl: string,
  opts: { now?: () => Date } = {},
): Promise<TestHub> {
  const lines: Record<string, unknown>[] = [];
  const hub = await openHub({
    databaseUrl,
    secret: HUB_SECRET,
    poolMax: 4,
    log: createLogger({ sink: (l) => lines.push(l), level: 'info' }),
    ...(opts.now ? { now: opts.now } : {}),
  });
  await hub.server.listen({ host: '127.0.0.1', port: 0 });
  const { port } = hub.server.server.address() as AddressInfo;
  return { hub, url: `http://127.0.0.1:${port}`, lines, close: () => hub.close() };
}

/** Answers are read field by field in assertions; a failed read fails the test either way. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
type Loose = any;

export interface Answer<T = Loose> {
  status: number;
  body: T;
}

export async function call<T = Loose>(
  base: string,
  method: string,
  path: string,
  opts: { token?: string | undefined; body?: unknown } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, {
    method,
    headers,
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as T) : (undefined as T) };
}

let users = 0;
export interface HubTestUser {
  username: string;
  password: string;
  token: string;
}

/** A hub user made through the core, signed in over HTTP (a screen test signs in as them too). */
export async function hubUser(
  t: TestHub,
  role: 'admin' | 'manager' = 'admin',
): Promise<HubTestUser> {
  users += 1;
  const username = `${role}${users}`;
  const password = 'correct horse battery';
  await createHubUser(t.hub.ctx, { username, password, role });
  const r = await call(t.url, 'POST', '/hub/api/auth/login', { body: { username, password } });
  if (r.status !== 200) throw new Error(`login failed: ${JSON.stringify(r.body)}`);
  return { username, password, token: r.body.token as string };
}

/** The bearer token of a new hub user with `role`. */
export async function signIn(t: TestHub, role: 'admin' | 'manager' = 'admin'): Promise<string> {
  return (await hubUser(t, role)).token;
}

/** Signs in on the hub's web screen, as a person would. */
export async function signInOnScreen(page: Page, username: string, password: string) {
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export interface PairedTill {
  storeId: string;
  tillId: string;
  token: string;
}

export async function addStore(base: string, admin: string, name: string): Promise<string> {
  const r = await call(base, 'POST', '/hub/api/stores', { token: admin, body: { name } });
  if (r.status !== 201) throw new Error(`add store: ${JSON.stringify(r.body)}`);
  return r.body.id as string;
}

export async function addTill(
  base: string,
  admin: string,
  storeId: string,
  name: string,
): Promise<{ tillId: string; code: string }> {
  const r = await call(base, 'POST', `/hub/api/stores/${storeId}/tills`, {
    token: admin,
    body: { name },
  });
  if (r.status !== 201) throw new Error(`add till: ${JSON.stringify(r.body)}`);
  return { tillId: r.body.till.id, code: r.body.pairingCode };
}

export async function pairWith(base: string, code: string): Promise<Answer> {
  return call(base, 'POST', '/hub/api/pair', {
    body: { code, schemaVersion: 15, protocol: HUB_PROTOCOL_VERSION },
  });
}

export async function pairedTill(
  base: string,
  admin: string,
  storeId: string,
  name: string,
): Promise<PairedTill> {
  const { tillId, code } = await addTill(base, admin, storeId, name);
  const r = await pairWith(base, code);
  if (r.status !== 200) throw new Error(`pair: ${JSON.stringify(r.body)}`);
  return { storeId, tillId, token: r.body.token };
}

/** An upsert of a row keyed by `id` (or the given key). */
export function upsert(
  seq: number,
  entity: string,
  row: Record<string, unknown>,
  key = String(row.id),
): PushedChange {
  return { seq, entity, key, op: 'upsert', row };
}

export function pushBody(afterSeq: number, lastSeq: number, changes: PushedChange[]) {
  return { protocol: HUB_PROTOCOL_VERSION, schemaVersion: 15, afterSeq, lastSeq, changes };
}

/** The sales figures a hub report and a till report must agree on, to the cent. */
export const REPORT_FIGURES = [
  'orderCount',
  'gross',
  'refunds',
  'net',
  'tax',
  'discounts',
  'tips',
  'averageOrder',
  'byMethod',
] as const;
