/**
 * A stand-in for the Stripe API on loopback, for the Stripe adapter's tests and the crash test:
 * the handful of endpoints the adapter calls (PaymentIntents create/retrieve/cancel/search,
 * refunds), Idempotency-Key replay as Stripe does it, a count of charges, and switches to fail
 * or hang. `POST /__control` and `GET /__state` let a test in another process steer and read it.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeIntent {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  status: 'succeeded' | 'requires_payment_method' | 'canceled';
  payment_method: string;
  metadata: Record<string, string>;
  last_payment_error: { message: string } | null;
}

export interface FakeRefund {
  id: string;
  object: 'refund';
  amount: number;
  payment_intent: string;
  status: 'succeeded';
}

export interface FakeStripeControl {
  /** Answer every money call with 500 `before` doing it, or do it `after` and then answer 500. */
  fail?: 'before' | 'after' | null;
  /** Never answer money calls: `before` doing it, or `after` (the charge is made). */
  hang?: 'before' | 'after' | null;
}

export interface FakeStripeState {
  intents: FakeIntent[];
  refunds: FakeRefund[];
  /** Successful charges (PaymentIntents that took money). */
  charges: number;
  /** Requests by `METHOD /path`. */
  requests: Record<string, number>;
}

export interface FakeStripe {
  url: string;
  state: FakeStripeState;
  control: FakeStripeControl;
  close(): Promise<void>;
}

/** `a[b]=c` form fields (what the stripe package sends) into one level of nesting. */
function parseForm(text: string): Record<string, string | Record<string, string>> {
  const out: Record<string, string | Record<string, string>> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const m = /^([a-z_]+)\[([^\]]+)\]/.exec(k);
    if (!m) {
      out[k] = v;
      continue;
    }
    const inner = (out[m[1]!] as Record<string, string> | undefined) ?? {};
    inner[m[2]!] = v;
    out[m[1]!] = inner;
  }
  return out;
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

interface Answer {
  status: number;
  json: unknown;
}

export async function startFakeStripe(port = 0): Promise<FakeStripe> {
  const state: FakeStripeState = { intents: [], refunds: [], charges: 0, requests: {} };
  const control: FakeStripeControl = {};
  const replays = new Map<string, Answer>();
  let seq = 0;
  const nextId = (prefix: string) => `${prefix}_fake${(++seq).toString().padStart(8, '0')}`;
  const hung = new Set<ServerResponse>();

  const notFound = (): Answer => ({
    status: 404,
    json: { error: { type: 'invalid_request_error', message: 'No such object' } },
  });

  function createIntent(f: Record<string, string | Record<string, string>>): Answer {
    const token = String(f.payment_method ?? '');
    const declined = token.startsWith('tok_decline') || token === 'pm_card_chargeDeclined';
    const pi: FakeIntent = {
      id: nextId('pi'),
      object: 'payment_intent',
      amount: Number(f.amount),
      amount_received: declined ? 0 : Number(f.amount),
      currency: String(f.currency),
      status: declined ? 'requires_payment_method' : 'succeeded',
      payment_method: token,
      metadata: (f.metadata as Record<string, string> | undefined) ?? {},
      last_payment_error: declined ? { message: 'Your card was declined.' } : null,
    };
    state.intents.push(pi);
    if (declined)
      return {
        status: 402,
        json: {
          error: {
            type: 'card_error',
            code: 'card_declined',
            message: 'Your card was declined.',
            payment_intent: pi,
          },
        },
      };
    state.charges++;
    return { status: 200, json: pi };
  }

  function refund(f: Record<string, string | Record<string, string>>): Answer {
    const pi = state.intents.find((i) => i.id === f.payment_intent);
    if (!pi || pi.status !== 'succeeded') return notFound();
    const r: FakeRefund = {
      id: nextId('re'),
      object: 'refund',
      amount: f.amount === undefined ? pi.amount : Number(f.amount),
      payment_intent: pi.id,
      status: 'succeeded',
    };
    state.refunds.push(r);
    return { status: 200, json: r };
  }

  function search(query: string): Answer {
    const m = /metadata\['([a-z_]+)'\]:'([^']*)'/.exec(query);
    const data = m ? state.intents.filter((i) => i.metadata[m[1]!] === m[2]) : [];
    return {
      status: 200,
      json: {
        object: 'search_result',
        data,
        has_more: false,
        next_page: null,
        url: '/v1/payment_intents/search',
      },
    };
  }

  function route(
    method: string,
    url: URL,
    form: Record<string, string | Record<string, string>>,
  ): Answer {
    const path = url.pathname;
    if (method === 'POST' && path === '/v1/payment_intents') return createIntent(form);
    if (method === 'POST' && path === '/v1/refunds') return refund(form);
    if (method === 'GET' && path === '/v1/payment_intents/search')
      return search(url.searchParams.get('query') ?? '');
    const cancel = /^\/v1\/payment_intents\/([^/]+)\/cancel$/.exec(path);
    if (method === 'POST' && cancel) {
      const pi = state.intents.find((i) => i.id === cancel[1]);
      if (!pi) return notFound();
      if (pi.status === 'succeeded')
        return {
          status: 400,
          json: { error: { type: 'invalid_request_error', message: 'succeeded' } },
        };
      pi.status = 'canceled';
      return { status: 200, json: pi };
    }
    const one = /^\/v1\/payment_intents\/([^/]+)$/.exec(path);
    if (method === 'GET' && one) {
      const pi = state.intents.find((i) => i.id === one[1]);
      return pi ? { status: 200, json: pi } : notFound();
    }
    return notFound();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const text = await body(req);
    const send = (a: Answer) => {
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(a.json));
    };
    if (url.pathname === '/__control') {
      Object.assign(control, JSON.parse(text || '{}') as FakeStripeControl);
      return send({ status: 200, json: control });
    }
    if (url.pathname === '/__state') return send({ status: 200, json: state });
    const name = `${method} ${url.pathname}`;
    state.requests[name] = (state.requests[name] ?? 0) + 1;
    const moves = method === 'POST';
    if (moves && control.hang === 'before') {
      hung.add(res);
      return;
    }
    if (moves && control.fail === 'before')
      return send({ status: 500, json: { error: { type: 'api_error', message: 'down' } } });
    const key = req.headers['idempotency-key'];
    const replayKey = typeof key === 'string' ? `${url.pathname}\u0000${key}` : null;
    let answer = replayKey !== null ? replays.get(replayKey) : undefined;
    if (!answer) {
      answer = route(method, url, parseForm(text));
      if (replayKey !== null && moves) replays.set(replayKey, answer);
    }
    if (moves && control.hang === 'after') {
      hung.add(res);
      return;
    }
    if (moves && control.fail === 'after')
      return send({ status: 500, json: { error: { type: 'api_error', message: 'lost' } } });
    send(answer);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500);
      res.end(JSON.stringify({ error: { type: 'api_error', message: String(e) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    state,
    control,
    async close() {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
