#!/usr/bin/env node
// Closed-loop load from its own process (issue 13): C keep-alive connections, each posting the
// same JSON body and sending the next request as soon as the answer arrived, for D seconds after
// a warm-up. Prints one JSON line: requests, errors, orders/s, p50/p99 (ms).
// Usage: node load.mjs URL TOKEN BODY_JSON CONNECTIONS SECONDS WARMUP_SECONDS
import http from 'node:http';

const [url, token, body, connections = '50', seconds = '10', warmup = '2'] = process.argv.slice(2);
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connections) });
const payload = Buffer.from(body);
const headers = {
  'content-type': 'application/json',
  'content-length': payload.length,
  ...(token ? { authorization: `Bearer ${token}` } : {}),
};

function post() {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent,
        headers,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('error', () => resolve(0));
    req.end(payload);
  });
}

const latencies = [];
let ok = 0;
let errors = 0;
const statuses = {};
let measuring = false;
let stop = false;

async function worker() {
  while (!stop) {
    const t0 = process.hrtime.bigint();
    const status = await post();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (!measuring) continue;
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status >= 200 && status < 300) {
      ok++;
      latencies.push(ms);
    } else errors++;
  }
}

const workers = Array.from({ length: Number(connections) }, () => worker());
await new Promise((r) => setTimeout(r, Number(warmup) * 1000));
measuring = true;
const t0 = process.hrtime.bigint();
await new Promise((r) => setTimeout(r, Number(seconds) * 1000));
measuring = false;
const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
stop = true;
await Promise.all(workers);
agent.destroy();
latencies.sort((a, b) => a - b);
const pct = (p) =>
  latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? NaN;
console.log(
  JSON.stringify({ ok, errors, statuses, perSec: ok / elapsed, p50: pct(0.5), p99: pct(0.99) }),
);
