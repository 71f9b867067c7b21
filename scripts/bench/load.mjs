#!/usr/bin/env node
// Closed-loop load from its own process (issue 13): C keep-alive connections, each sending the
// next request as soon as the answer arrived (or DELAY_MS after it), for D seconds after a warm-up.
// Prints one JSON line: ok, errors, statuses, per second, p50/p99 (ms).
// Usage: node load.mjs URL TOKEN BODY_JSON CONNECTIONS SECONDS WARMUP_SECONDS [MODE] [DELAY_MS]
// MODE:
//   order    POST BODY to URL (default); one unit = one answer.
//   sale     a full sale against the server at URL: POST BODY to /api/orders, cash payment of the
//            total, then in_queue → in_progress → ready → completed; one unit = the six answers.
//   get      GET URL, sending the last ETag in If-None-Match (so 304s once nothing changed).
//   getfull  GET URL without If-None-Match (a full 200 every time).
//   display  a kitchen display: an SSE stream on /api/orders/stream plus `get` of URL every DELAY_MS.
import http from 'node:http';

const [
  url,
  token,
  body,
  connections = '50',
  seconds = '10',
  warmup = '2',
  mode = 'order',
  delay = '0',
] = process.argv.slice(2);
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connections) * 2 });
const auth = token ? { authorization: `Bearer ${token}` } : {};

function send(method, path, payload, extra = {}) {
  return new Promise((resolve) => {
    const data = payload === undefined ? undefined : Buffer.from(payload);
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path,
        method,
        agent,
        headers: {
          ...auth,
          ...extra,
          ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode, etag: res.headers.etag, text: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', () => resolve({ status: 0 }));
    req.end(data);
  });
}

const json = (r) => JSON.parse(r.text.toString('utf8'));

/** One unit of work; resolves with the status that counts (the first failure, or the last). */
async function sale() {
  const created = await send('POST', '/api/orders', body);
  if (created.status !== 201) return created.status;
  const order = json(created);
  const paid = await send(
    'POST',
    `/api/orders/${order.id}/payment`,
    JSON.stringify({ method: 'cash', amount: order.total, tendered: order.total }),
  );
  if (paid.status !== 201) return paid.status;
  for (const status of ['in_queue', 'in_progress', 'ready', 'completed']) {
    const moved = await send('PATCH', `/api/orders/${order.id}/status`, JSON.stringify({ status }));
    if (moved.status !== 200) return moved.status;
  }
  return 201;
}

function getter() {
  let etag;
  return async () => {
    const r = await send(
      'GET',
      target.pathname + target.search,
      undefined,
      etag ? { 'if-none-match': etag } : {},
    );
    if (r.etag && mode !== 'getfull') etag = r.etag;
    return r.status;
  };
}

/** An SSE stream held open for the whole run, as a kitchen display does. */
function stream() {
  const events = { count: 0 };
  const req = http.request({
    host: target.hostname,
    port: target.port,
    path: `/api/orders/stream?access_token=${encodeURIComponent(token)}`,
    headers: { accept: 'text/event-stream' },
  });
  // Events are counted on the bytes (each ends with a blank line, "\n\n", which may straddle two
  // chunks), not by decoding and splitting the text: the clients share the machine with the
  // server, and decoding every display's copy of every order took them a tenth of a core.
  let lastByte = -1;
  req.on('response', (res) =>
    res.on('data', (c) => {
      if (lastByte === 10 && c[0] === 10) events.count++;
      for (let at = c.indexOf('\n\n'); at !== -1; at = c.indexOf('\n\n', at + 2)) events.count++;
      lastByte = c[c.length - 1];
    }),
  );
  req.on('error', () => {});
  req.end();
  return { events, close: () => req.destroy() };
}

const latencies = [];
let ok = 0;
let errors = 0;
const statuses = {};
let measuring = false;
let stop = false;
const streams = mode === 'display' ? Array.from({ length: Number(connections) }, stream) : [];

async function worker() {
  const unit =
    mode === 'sale'
      ? sale
      : mode === 'get' || mode === 'getfull' || mode === 'display'
        ? getter()
        : async () => (await send('POST', target.pathname, body)).status;
  while (!stop) {
    const t0 = process.hrtime.bigint();
    const status = await unit();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (Number(delay) > 0) await new Promise((r) => setTimeout(r, Number(delay)));
    if (!measuring) continue;
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status >= 200 && status < 400) {
      ok++;
      latencies.push(ms);
    } else errors++;
  }
}

const workers = Array.from({ length: Number(connections) }, () => worker());
await new Promise((r) => setTimeout(r, Number(warmup) * 1000));
measuring = true;
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
await new Promise((r) => setTimeout(r, Number(seconds) * 1000));
measuring = false;
const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
// This process's own CPU over the counted seconds: on a 2-core machine the load (and the
// displays' clients) take CPU the server would otherwise have.
const cpu = process.cpuUsage(cpu0);
stop = true;
await Promise.all(workers);
const events = streams.reduce((a, s) => a + s.events.count, 0);
for (const s of streams) s.close();
agent.destroy();
latencies.sort((a, b) => a - b);
const pct = (p) =>
  latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? NaN;
console.log(
  JSON.stringify({
    ok,
    errors,
    statuses,
    perSec: ok / elapsed,
    p50: pct(0.5),
    p99: pct(0.99),
    events,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  }),
);
