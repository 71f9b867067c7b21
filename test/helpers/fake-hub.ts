/**
 * A store hub in memory, on 127.0.0.1, speaking src-shared/hub-protocol.ts exactly as its
 * comments say: pairing by one-time code, push applied once per till sequence (a retried batch
 * is a no-op, a gap is 409 `sequence_gap`), pull by version cursor, seed of an empty catalog.
 * A test can make it refuse, apply a batch and then drop the answer, or not answer at all.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  HUB_PROTOCOL_VERSION,
  pairRequest,
  pushRequest,
  seedRequest,
  type PulledChange,
} from '../../src-shared/hub-protocol';

interface FakeTill {
  id: string;
  name: string;
  token: string;
  ackedSeq: number;
  revoked: boolean;
}

export interface AppliedChange {
  till: string;
  seq: number;
  entity: string;
  key: string;
  op: 'upsert' | 'delete';
}

export interface FakeHub {
  url: string;
  storeId: string;
  /** Makes a one-time pairing code for a new till. */
  addTill(name?: string): string;
  tills: Map<string, FakeTill>;
  /** `(till, entity, key)` → the row as last pushed (null after a delete). */
  rows: Map<string, Record<string, unknown> | null>;
  /** Every change applied, in the order it was applied. */
  applied: AppliedChange[];
  /** Every request that reached it, answered or not. */
  requests: number;
  /** Every push request received (retries included). */
  pushes: { afterSeq: number; lastSeq: number; seqs: number[] }[];
  catalog: PulledChange[];
  /** Adds a change to the hub's catalog (what tills pull). */
  publish(entity: string, key: string, row: Record<string, unknown> | null): number;
  row(till: string, entity: string, key: string): Record<string, unknown> | null | undefined;
  /** No answer at all: every request's connection is destroyed. */
  down: boolean;
  /** Applies the next push, then destroys the connection instead of answering. */
  dropNextPushAnswer: boolean;
  /** The protocol it claims in its answers. */
  protocol: number;
  /** The next request to this path is answered with this error instead. */
  refuseNext(
    path: string,
    status: number,
    code: string,
    message: string,
    details?: Record<string, unknown>,
  ): void;
  close(): Promise<void>;
}

export async function startFakeHub(): Promise<FakeHub> {
  const storeId = 'store-1';
  const codes = new Map<string, string>();
  const refusals = new Map<
    string,
    { status: number; code: string; message: string; details: Record<string, unknown> }
  >();
  let tillCount = 0;
  const hub: Omit<FakeHub, 'url' | 'close'> = {
    storeId,
    tills: new Map(),
    rows: new Map(),
    applied: [],
    requests: 0,
    pushes: [],
    catalog: [],
    down: false,
    dropNextPushAnswer: false,
    protocol: HUB_PROTOCOL_VERSION,
    addTill(name) {
      tillCount += 1;
      const code = `PAIR-${tillCount}-${Math.random().toString(36).slice(2, 8)}`;
      codes.set(code, name ?? `Till ${tillCount}`);
      return code;
    },
    publish(entity, key, row) {
      const version = (hub.catalog.at(-1)?.version ?? 0) + 1;
      hub.catalog.push({ version, entity, key, row });
      return version;
    },
    row: (till, entity, key) => hub.rows.get(`${till}|${entity}|${key}`),
    refuseNext(path, status, code, message, details = {}) {
      refusals.set(path, { status, code, message, details });
    },
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const fail = (res: ServerResponse, status: number, code: string, message: string, details = {}) =>
    send(res, status, { error: { code, message, details } });

  async function readJson(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null;
  }

  function tillOf(req: IncomingMessage): FakeTill | 'revoked' | null {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const till = [...hub.tills.values()].find((t) => t.token === token);
    if (!till) return null;
    return till.revoked ? 'revoked' : till;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://hub');
    const refusal = refusals.get(url.pathname);
    if (refusal) {
      refusals.delete(url.pathname);
      return fail(res, refusal.status, refusal.code, refusal.message, refusal.details);
    }
    const body = req.method === 'POST' ? await readJson(req) : null;
    if (url.pathname === '/hub/api/pair') {
      const p = pairRequest.safeParse(body);
      if (!p.success) return fail(res, 422, 'validation_error', 'bad pairing request');
      const name = codes.get(p.data.code);
      if (!name) return fail(res, 401, 'pairing_code_invalid', 'wrong, used or expired code');
      codes.delete(p.data.code);
      const till: FakeTill = {
        id: `till-${hub.tills.size + 1}`,
        name: p.data.tillName ?? name,
        token: `token-${Math.random().toString(36).slice(2)}`,
        ackedSeq: 0,
        revoked: false,
      };
      hub.tills.set(till.id, till);
      return send(res, 200, {
        protocol: hub.protocol,
        hubId: 'hub-1',
        storeId,
        storeName: 'Corner Café',
        tillId: till.id,
        tillName: till.name,
        token: till.token,
        ackedSeq: 0,
      });
    }
    const till = tillOf(req);
    if (till === 'revoked') return fail(res, 401, 'till_revoked', 'this till was revoked');
    if (!till) return fail(res, 401, 'unknown_till', 'no till has this token');
    if (url.pathname === '/hub/api/sync/state' && req.method === 'GET')
      return send(res, 200, {
        protocol: hub.protocol,
        tillId: till.id,
        storeId,
        ackedSeq: till.ackedSeq,
        catalogVersion: hub.catalog.at(-1)?.version ?? 0,
      });
    if (url.pathname === '/hub/api/sync/push' && req.method === 'POST') {
      const p = pushRequest.safeParse(body);
      if (!p.success) return fail(res, 422, 'validation_error', p.error.message);
      const b = p.data;
      hub.pushes.push({
        afterSeq: b.afterSeq,
        lastSeq: b.lastSeq,
        seqs: b.changes.map((c) => c.seq),
      });
      let applied = 0;
      if (b.lastSeq <= till.ackedSeq) {
        // A retry whose answer was lost: nothing applied again.
      } else if (b.afterSeq === till.ackedSeq) {
        for (const c of b.changes) {
          hub.rows.set(`${till.id}|${c.entity}|${c.key}`, c.row);
          hub.applied.push({ till: till.id, seq: c.seq, entity: c.entity, key: c.key, op: c.op });
          // Customers made on a till are shared with the store's other tills through the catalog.
          if (c.entity === 'customers') hub.publish('customers', c.key, c.row);
        }
        applied = b.changes.length;
        till.ackedSeq = b.lastSeq;
      } else {
        return fail(res, 409, 'sequence_gap', `expected a batch after ${till.ackedSeq}`, {
          expectedAfterSeq: till.ackedSeq,
        });
      }
      if (hub.dropNextPushAnswer) {
        hub.dropNextPushAnswer = false;
        res.socket?.destroy();
        return;
      }
      return send(res, 200, { protocol: hub.protocol, ackedSeq: till.ackedSeq, applied });
    }
    if (url.pathname === '/hub/api/sync/pull' && req.method === 'GET') {
      const after = Number(url.searchParams.get('after') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 500);
      const rest = hub.catalog.filter((c) => c.version > after);
      const page = rest.slice(0, limit);
      return send(res, 200, {
        protocol: hub.protocol,
        version: page.at(-1)?.version ?? after,
        more: rest.length > page.length,
        changes: page,
      });
    }
    if (url.pathname === '/hub/api/catalog/seed' && req.method === 'POST') {
      const p = seedRequest.safeParse(body);
      if (!p.success) return fail(res, 422, 'validation_error', p.error.message);
      if (hub.catalog.length) return fail(res, 409, 'conflict', 'the catalog is not empty');
      for (const r of p.data.rows) hub.publish(r.entity, r.key, r.row);
      return send(res, 200, { protocol: hub.protocol, version: hub.catalog.at(-1)?.version ?? 0 });
    }
    return fail(res, 404, 'not_found', `no route ${req.method} ${url.pathname}`);
  }

  const server: Server = createServer((req, res) => {
    hub.requests += 1;
    if (hub.down) {
      req.socket.destroy();
      return;
    }
    handle(req, res).catch((e: unknown) => fail(res, 500, 'internal', String(e)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(hub, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
