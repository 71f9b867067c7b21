import { networkInterfaces } from 'node:os';
import type { FastifyInstance } from 'fastify';

/**
 * DNS rebinding defence: a page on some other site that points its own name at this server's
 * address reaches the API with its own name in `Host`. Only names this server is really known by
 * are answered: localhost names, the address it is bound to (every interface's address when bound
 * to all of them), and names the shop allows in `POS_ALLOWED_HOSTS` (comma separated).
 * Every answer also carries `Referrer-Policy: no-referrer`, so no URL of ours leaks onward.
 */
const LOCAL_NAMES = ['localhost', '127.0.0.1', '::1'];
const ANY_ADDRESS = new Set(['0.0.0.0', '::', '']);

/** The host name of a `Host` header, lower-case, without port or IPv6 brackets. */
export function hostName(header: string): string | null {
  const h = header.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    if (end === -1) return null;
    const rest = h.slice(end + 1);
    if (rest !== '' && !/^:\d{1,5}$/.test(rest)) return null;
    return h.slice(1, end);
  }
  const m = /^([a-z0-9.-]+)(?::\d{1,5})?$/.exec(h);
  return m ? (m[1] as string).replace(/\.$/, '') : null;
}

function interfaceAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) out.push(a.address.toLowerCase().replace(/%.*$/, ''));
  }
  return out;
}

/** The names a request may use: computed from where the server is listening, once it is. */
export function allowedHostNames(bound: string[], env: NodeJS.ProcessEnv): Set<string> {
  const names = new Set(LOCAL_NAMES);
  for (const b of bound) {
    if (ANY_ADDRESS.has(b)) for (const a of interfaceAddresses()) names.add(a);
    else names.add(b.toLowerCase().replace(/^::ffff:/, ''));
  }
  for (const n of (env.POS_ALLOWED_HOSTS ?? '').split(',')) {
    const name = hostName(n);
    if (name) names.add(name);
  }
  return names;
}

export function registerHostCheck(server: FastifyInstance, env: NodeJS.ProcessEnv): void {
  let allowed: Set<string> | null = null;
  // `done` rather than async: no promise per request for a check that never waits (issue 13).
  server.addHook('onRequest', (req, reply, done) => {
    reply.header('Referrer-Policy', 'no-referrer');
    // Before listen (inject) only the local names; once listening, the set is fixed.
    let names = allowed;
    if (names === null) {
      const bound = server
        .addresses()
        .map((a) => (typeof a === 'string' ? 'localhost' : a.address));
      names = allowedHostNames(bound, env);
      if (bound.length > 0) allowed = names;
    }
    const name = typeof req.headers.host === 'string' ? hostName(req.headers.host) : null;
    if (name !== null && names.has(name)) {
      done();
      return;
    }
    // Answered here: `done` is not called, so the request goes no further.
    reply.code(421).send({
      error: {
        code: 'misdirected_request',
        message:
          'this server does not answer to that host name: use its address, or add the name to POS_ALLOWED_HOSTS',
      },
    });
  });
}
