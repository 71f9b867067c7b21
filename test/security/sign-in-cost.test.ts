/**
 * Issue 12: what sign-ins cost is bounded (core/auth/passwords.ts `Secrets`). A flood of 100
 * concurrent sign-ins for random usernames (the probe's: 20 s to drain, real sign-ins queued
 * behind) must not hold more than a few hashes at once, must cost one hash each like a real user,
 * and must not keep a real sign-in from another address waiting for the flood to drain.
 *
 * Counted, not timed: the key derivation is a stand-in that waits at a gate the test opens one
 * hash at a time, so "served before the queue drains" is a count of hashes, never milliseconds.
 */
import { createHash, type ScryptOptions } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src-main/app';
import { login } from '../../src-main/core/auth/login';
import { HASHES_AT_ONCE, Secrets, type Kdf } from '../../src-main/core/auth/passwords';
import { createUser } from '../../src-main/core/auth/users';
import { fakeClock, removeTempDirs, tempDir } from '../helpers/app';

const ATTACKERS = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5'];
const FLOOD = 100;

/** A key derivation that records each call and, while held, waits for the test to let it run. */
function gatedKdf() {
  const gate = {
    held: false,
    calls: [] as ScryptOptions[],
    /** The secret of each call, in the order the hashes started. */
    secrets: [] as string[],
    /** Hashes held at the gate, oldest first, with the secret each is for. */
    waiting: [] as { secret: string; go: () => void }[],
    kdf: (async (secret, salt, keylen, opts) => {
      gate.calls.push(opts);
      gate.secrets.push(secret);
      if (gate.held) await new Promise<void>((go) => gate.waiting.push({ secret, go }));
      return createHash('sha256').update(salt).update(secret).digest().subarray(0, keylen);
    }) as Kdf,
  };
  return gate;
}

/** Lets queued work run (no timer): until `done()` or a bounded number of turns. */
async function turns(done: () => boolean, max = 2000): Promise<void> {
  for (let i = 0; i < max && !done(); i++) await new Promise((r) => setImmediate(r));
}

const gate = gatedKdf();
const secrets = new Secrets(HASHES_AT_ONCE, gate.kdf);
let app: App;

beforeAll(async () => {
  app = openApp({ dataDir: tempDir(), env: {}, clock: fakeClock().fn, secrets });
  await createUser(app.core, {
    username: 'ada',
    password: 'ada-password',
    role: 'admin',
    pin: '2468',
  });
});
afterAll(async () => {
  await app.close();
  removeTempDirs();
});

const signIn = (username: string, pin: string, address: string) =>
  login(app.core, app.tokens, { username, pin }, address);

describe('bounded sign-in cost', () => {
  it('an unknown username costs one hash with the same parameters as a real one', async () => {
    const real = await signIn('ada', '2468', '192.168.1.20');
    expect(real.user.username).toBe('ada');
    const before = gate.calls.length;
    const realOpts = gate.calls[before - 1];
    // The first unknown name also makes the dummy hash (once per app); the next costs just one.
    await expect(signIn('nobody-1', '1111', '192.168.1.21')).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    const mid = gate.calls.length;
    await expect(signIn('nobody-2', '1111', '192.168.1.21')).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    expect(gate.calls.length - mid).toBe(1);
    const unknownOpts = gate.calls[gate.calls.length - 1];
    expect({ ...unknownOpts, maxmem: 0 }).toEqual({ ...realOpts, maxmem: 0 });
  });

  it('100 concurrent sign-ins for random names: a few hashes at once, and a real one is served first', async () => {
    gate.held = true;
    const settled = { random: 0 };
    const flood = Array.from({ length: FLOOD }, (_, i) =>
      signIn(`random-${i}-${(i * 7919) % 1000}`, '0000', ATTACKERS[i % ATTACKERS.length] as string)
        .then(
          () => 'signed in',
          (e: { code?: string }) => e.code,
        )
        .finally(() => settled.random++),
    );
    // Every attempt of the flood has passed the throttle and waits for (or runs) its hash.
    await turns(() => secrets.inFlight + secrets.queued === FLOOD);
    expect(secrets.inFlight).toBe(HASHES_AT_ONCE);
    expect(secrets.queued).toBe(FLOOD - HASHES_AT_ONCE);

    // The admin signs in from their own till while the flood waits.
    const mark = gate.secrets.length;
    const real = signIn('ada', '2468', '192.168.1.20');
    await turns(() => secrets.queued === FLOOD - HASHES_AT_ONCE + 1);

    // Open the gate one hash at a time (the oldest held) until the real one's has run.
    let released = 0;
    for (;;) {
      const next = gate.waiting.shift() as { secret: string; go: () => void };
      const started = gate.secrets.length;
      next.go();
      released++;
      if (next.secret === '2468') break;
      await turns(() => gate.secrets.length > started);
      expect(secrets.inFlight).toBeLessThanOrEqual(HASHES_AT_ONCE);
    }
    expect((await real).user.username).toBe('ada');
    // Its hash started after at most one turn per flooding address beyond those running when it
    // came (first come, first served would put it behind all 98 waiting) …
    expect(gate.secrets.slice(mark).indexOf('2468')).toBeLessThanOrEqual(ATTACKERS.length);
    // … so it was answered after at most the hashes running when it came, one turn per flooding
    // address and those running beside its own: nearly all of the flood still waits.
    const floodHashesFirst = released - 1;
    expect(floodHashesFirst).toBeLessThanOrEqual(2 * HASHES_AT_ONCE - 1 + ATTACKERS.length);
    expect(settled.random).toBeLessThanOrEqual(floodHashesFirst);

    gate.held = false;
    while (gate.waiting.length > 0 || settled.random < FLOOD) {
      gate.waiting.splice(0).forEach((h) => h.go());
      await turns(() => gate.waiting.length > 0 || settled.random === FLOOD);
    }
    expect(new Set(await Promise.all(flood))).toEqual(new Set(['invalid_credentials']));
    // Never more than the limit at once, over everything this file did.
    expect(secrets.peak).toBe(HASHES_AT_ONCE);
  });
});
