/**
 * Hostile input for every operation of the contract, per field of its input schema: huge
 * strings, NUL and control characters, odd Unicode, negative/huge/fractional numbers, wrong
 * types, deep objects; and hostile bodies and path parameters. Every answer is a 4xx or a 2xx,
 * never a 5xx, and the server still answers afterwards. Seeded, so a failure repeats.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, startTestServer, type TestServer } from '../helpers/app';
import { OPERATIONS, inBatches, send, urlFor, type Sent } from './contract-requests';

let ts: TestServer;
let admin: string;

beforeAll(async () => {
  ts = await startTestServer();
  await ts.createUser({ username: 'owner', password: 'password1', role: 'admin' });
  admin = await ts.token('owner', 'password1');
}, 60_000);
afterAll(async () => {
  await ts.close();
  removeTempDirs();
});

function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function deep(levels: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

const HOSTILE_VALUES: unknown[] = [
  'x'.repeat(100_000),
  '\u0000',
  '\u0000reason',
  'a\u0000b',
  '\u001b[2J\r\n\t',
  '\ud800',
  '\u202eevil\u202c',
  '👩‍👩‍👧‍👦'.repeat(50),
  'Ｓｐｅｃｉａｌ ٠١٢',
  "'; DROP TABLE orders; --",
  '../../etc/passwd',
  '%00%25E0%A4%A',
  '',
  ' ',
  -1,
  -0,
  0.5,
  1e308,
  -1e308,
  2 ** 53 + 2,
  2 ** 31,
  true,
  null,
  [],
  [null],
  {},
  { __proto__: { admin: true } },
  deep(30),
  deep(80),
];

const HOSTILE_PARAMS = ['%00', '..', '%2e%2e', 'x'.repeat(5_000), '%F0%9F', '%E0%A4%A', ' ', '-1'];

/** The fields of an operation's input object, when it is one. */
function fieldsOf(input: unknown): string[] {
  const shape = (input as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

describe('fuzzing every operation', () => {
  it('no 5xx for hostile fields, bodies and path parameters', async () => {
    const rnd = seeded(20261204);
    const jobs: (() => Promise<[string, Sent]>)[] = [];
    for (const { name, op } of OPERATIONS) {
      // Restores and uploads replace or stream files: fuzzed elsewhere (backups tests).
      if (op.upload) continue;
      const fields = fieldsOf(op.input);
      for (const field of fields) {
        for (const value of HOSTILE_VALUES) {
          // Every field gets the short values; the expensive ones for a seeded third.
          const big = typeof value === 'string' ? value.length > 1000 : typeof value === 'object';
          if (big && rnd() > 0.34) continue;
          const label = `${name}.${field} = ${JSON.stringify(value)?.slice(0, 40)}`;
          jobs.push(async () => [
            label,
            await send(ts.baseUrl, op, { token: admin, body: { [field]: value } }),
          ]);
        }
      }
      for (const body of [[], 'text', 42, null, deep(100), { ['k'.repeat(10_000)]: 1 }]) {
        jobs.push(async () => [
          `${name} body ${JSON.stringify(body)?.slice(0, 40)}`,
          await send(ts.baseUrl, op, { token: admin, body }),
        ]);
      }
      if (op.path.includes(':')) {
        for (const p of HOSTILE_PARAMS) {
          const url = urlFor(op, 'PLACEHOLDER').replace(/PLACEHOLDER/g, p);
          jobs.push(async () => [
            `${name} path ${p.slice(0, 20)}`,
            await send(ts.baseUrl, op, { token: admin, url }),
          ]);
        }
      }
    }
    const results = await inBatches(jobs);
    const fivexx = results
      .filter(
        ([, r]) => r.status >= 500 && !(r.status === 503 && r.code === 'hardware_unavailable'),
      )
      .map(([label, r]) => `${label}: ${r.status} ${r.code ?? ''}`);
    expect(fivexx).toEqual([]);
    expect(results.length).toBeGreaterThan(1000);
    // Still up and answering.
    const ping = await ts.request('/api/diagnostics/ping');
    expect(ping.status).toBe(200);
  }, 180_000);

  it('malformed JSON and wrong content types are 4xx', async () => {
    for (const { op } of OPERATIONS.filter((o) => o.op.method !== 'GET' && !o.op.upload)) {
      for (const [raw, type] of [
        ['{"a":', 'application/json'],
        ['\u0000', 'application/json'],
        ['a=1', 'application/x-www-form-urlencoded'],
        ['<x/>', 'text/xml'],
      ] as const) {
        const res = await fetch(ts.baseUrl + urlFor(op), {
          method: op.method,
          headers: { authorization: `Bearer ${admin}`, 'content-type': type },
          body: raw,
        });
        await res.text();
        expect(res.status, `${op.method} ${op.path} ${type}`).toBeLessThan(500);
      }
    }
  }, 120_000);
});
