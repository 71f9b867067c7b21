/**
 * Stores and their tills. Adding a till hands out a one-time pairing code (24 h); pairing trades
 * it for the till's token. Both are random secrets kept only as SHA-256 hashes, and every till
 * request looks its token up in the database, so a revocation on one hub process is refused by
 * every other at the next request.
 */
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import type { HubContext } from './context';
import { HubError } from './errors';

export const PAIRING_CODE_TTL_MS = 24 * 3600_000;
/** No 0/O, 1/I: a code is read off one screen and typed on another. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** 12 symbols of 32 (60 bits), shown as XXXX-XXXX-XXXX. */
function newPairingCode(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

/** Case, spaces and dashes do not matter when a person types the code. */
export function pairingCodeHash(code: string): string {
  return sha256(code.toUpperCase().replace(/[^A-Z0-9]/g, ''));
}

export function newTillToken(): string {
  return `ctt_${randomBytes(32).toString('base64url')}`;
}

export const storeInput = z.object({ name: z.string().trim().min(1).max(80) });
export const tillInput = z.object({ name: z.string().trim().min(1).max(80) });

export async function addStore(ctx: HubContext, input: z.infer<typeof storeInput>) {
  const taken = await ctx.db
    .selectFrom('stores')
    .select('id')
    .where('name', '=', input.name)
    .executeTakeFirst();
  if (taken) throw new HubError('conflict', `there is already a store named ${input.name}`);
  const store = { id: randomUUID(), name: input.name, created_at: ctx.now() };
  await ctx.db.insertInto('stores').values(store).execute();
  return { id: store.id, name: store.name, createdAt: store.created_at.toISOString() };
}

export async function listStores(ctx: HubContext) {
  const rows = await ctx.db
    .selectFrom('stores')
    .leftJoin('tills', 'tills.store_id', 'stores.id')
    .select(['stores.id', 'stores.name', 'stores.created_at'])
    .select(sql<number>`count(tills.id)::int`.as('tills'))
    .groupBy(['stores.id', 'stores.name', 'stores.created_at'])
    .orderBy('stores.name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: r.created_at.toISOString(),
    tills: r.tills,
  }));
}

async function requireStore(ctx: HubContext, storeId: string) {
  const store = await ctx.db
    .selectFrom('stores')
    .selectAll()
    .where('id', '=', storeId)
    .executeTakeFirst();
  if (!store) throw new HubError('not_found', 'no such store', { storeId });
  return store;
}

/** A new till of a store and its pairing code: the only time the code is shown. */
export async function addTill(ctx: HubContext, storeId: string, input: z.infer<typeof tillInput>) {
  await requireStore(ctx, storeId);
  const taken = await ctx.db
    .selectFrom('tills')
    .select('id')
    .where('store_id', '=', storeId)
    .where('name', '=', input.name)
    .executeTakeFirst();
  if (taken) throw new HubError('conflict', `this store already has a till named ${input.name}`);
  const now = ctx.now();
  const code = newPairingCode();
  const expires = new Date(now.getTime() + PAIRING_CODE_TTL_MS);
  const id = randomUUID();
  await ctx.db
    .insertInto('tills')
    .values({
      id,
      store_id: storeId,
      name: input.name,
      pairing_code_hash: pairingCodeHash(code),
      pairing_expires_at: expires,
      created_at: now,
    })
    .execute();
  return {
    till: await tillSummary(ctx, id),
    pairingCode: code,
    pairingExpiresAt: expires.toISOString(),
  };
}

/** A fresh code for a till whose code expired, or to pair a replacement machine as the same till. */
export async function reissuePairingCode(ctx: HubContext, tillId: string) {
  const now = ctx.now();
  const code = newPairingCode();
  const expires = new Date(now.getTime() + PAIRING_CODE_TTL_MS);
  const done = await ctx.db
    .updateTable('tills')
    .set({ pairing_code_hash: pairingCodeHash(code), pairing_expires_at: expires })
    .where('id', '=', tillId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!done.numUpdatedRows) {
    await tillSummary(ctx, tillId); // 404 when it does not exist
    throw new HubError('conflict', 'this till was revoked; add a new till instead');
  }
  return {
    till: await tillSummary(ctx, tillId),
    pairingCode: code,
    pairingExpiresAt: expires.toISOString(),
  };
}

export async function revokeTill(ctx: HubContext, tillId: string) {
  await ctx.db
    .updateTable('tills')
    .set({ revoked_at: ctx.now(), pairing_code_hash: null, pairing_expires_at: null })
    .where('id', '=', tillId)
    .where('revoked_at', 'is', null)
    .execute();
  return tillSummary(ctx, tillId);
}

export interface TillSummary {
  id: string;
  storeId: string;
  storeName: string;
  name: string;
  state: 'awaiting_pairing' | 'paired' | 'revoked';
  ackedSeq: number;
  schemaVersion: number | null;
  lastPushAt: string | null;
  lastPullAt: string | null;
  pulledVersion: number;
  /** Catalog versions written since the till's last pull. */
  catalogBehind: number;
  /** Seconds since the till last pushed (null before its first push). */
  secondsSincePush: number | null;
  pairingExpiresAt: string | null;
  createdAt: string;
}

export async function listTills(
  ctx: HubContext,
  filter: { storeId?: string; tillId?: string } = {},
): Promise<TillSummary[]> {
  const { storeId, tillId } = filter;
  if (storeId) await requireStore(ctx, storeId);
  let q = ctx.db
    .selectFrom('tills')
    .innerJoin('stores', 'stores.id', 'tills.store_id')
    .selectAll('tills')
    .select('stores.name as store_name')
    .orderBy('stores.name')
    .orderBy('tills.name');
  if (storeId) q = q.where('tills.store_id', '=', storeId);
  if (tillId) q = q.where('tills.id', '=', tillId);
  const [rows, clock] = await Promise.all([
    q.execute(),
    ctx.db.selectFrom('catalog_clock').select('version').executeTakeFirstOrThrow(),
  ]);
  const now = ctx.now().getTime();
  return rows.map((t) => ({
    id: t.id,
    storeId: t.store_id,
    storeName: t.store_name,
    name: t.name,
    state: t.revoked_at ? 'revoked' : t.token_hash ? 'paired' : 'awaiting_pairing',
    ackedSeq: t.acked_seq,
    schemaVersion: t.schema_version,
    lastPushAt: t.last_push_at?.toISOString() ?? null,
    lastPullAt: t.last_pull_at?.toISOString() ?? null,
    pulledVersion: t.pulled_version,
    catalogBehind: Math.max(0, clock.version - t.pulled_version),
    secondsSincePush: t.last_push_at
      ? Math.max(0, Math.floor((now - t.last_push_at.getTime()) / 1000))
      : null,
    pairingExpiresAt:
      !t.token_hash && t.pairing_expires_at ? t.pairing_expires_at.toISOString() : null,
    createdAt: t.created_at.toISOString(),
  }));
}

async function tillSummary(ctx: HubContext, tillId: string): Promise<TillSummary> {
  const [till] = await listTills(ctx, { tillId });
  if (!till) throw new HubError('not_found', 'no such till', { tillId });
  return till;
}

export interface TillIdentity {
  id: string;
  storeId: string;
  name: string;
}

/** The till a bearer token belongs to; unknown and revoked tokens are told apart. */
export async function tillForToken(
  ctx: HubContext,
  token: string | undefined,
): Promise<TillIdentity> {
  if (!token) throw new HubError('unknown_till', 'this request carries no till token');
  const till = await ctx.db
    .selectFrom('tills')
    .select(['id', 'store_id', 'name', 'revoked_at'])
    .where('token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!till) throw new HubError('unknown_till', 'this hub does not know this till; join again');
  if (till.revoked_at)
    throw new HubError('till_revoked', 'this till was revoked on the hub', { tillId: till.id });
  return { id: till.id, storeId: till.store_id, name: till.name };
}
