import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Passwords and PINs are stored only as salted scrypt hashes. Parameters are stored with each
 * hash (`scrypt$N$r$p$salt$hash`) so they can be raised later without breaking old hashes.
 * N=2^15, r=8 costs ~32 MiB and tens of milliseconds: fine for a login, hard for a thief.
 * The async scrypt runs on libuv's pool, so a login never blocks other requests.
 */
const N = 1 << 15;
const R = 8;
const P = 1;
const KEYLEN = 32;

/** How many hashes run at once (API §2 "bounded sign-in cost"): each holds ~32 MiB. */
export const HASHES_AT_ONCE = 2;

/** The key derivation: node's scrypt, or a counting/gated stand-in in tests. */
export type Kdf = (
  secret: string,
  salt: Buffer,
  keylen: number,
  opts: ScryptOptions,
) => Promise<Buffer>;

export const scryptKdf: Kdf = (secret, salt, keylen, opts) =>
  new Promise((resolve, reject) => {
    scrypt(secret, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key)));
  });

/** Who waits for a hash: attempts from one client address queue behind each other only. */
const LOCAL = 'local';

/**
 * Every password and PIN hash of the app goes through here, so what sign-ins cost is bounded:
 *
 * - at most `limit` hashes run at once (the rest wait, nothing is refused);
 * - waiting hashes are served round-robin by client address, so a flood of sign-ins from one
 *   address (or a few) delays a sign-in from another by at most the hashes already running plus
 *   one per other address waiting — never the whole flood;
 * - an unknown user, or one without a PIN, is checked against a dummy hash with the same
 *   parameters: it costs exactly what a real check costs (no timing oracle for usernames).
 *
 * One per app (`CoreContext.secrets`, built by openCore): no module-level state.
 */
export class Secrets {
  private running = 0;
  private readonly waiting = new Map<string, (() => void)[]>();
  private dummy: Promise<string> | undefined;
  /** The most hashes that ran at once since start: tests count it. */
  peak = 0;

  constructor(
    readonly limit: number = HASHES_AT_ONCE,
    private readonly kdf: Kdf = scryptKdf,
  ) {}

  /** Hashes currently running. */
  get inFlight(): number {
    return this.running;
  }

  /** Hashes waiting for a turn. */
  get queued(): number {
    let n = 0;
    for (const q of this.waiting.values()) n += q.length;
    return n;
  }

  async hash(secret: string, from: string = LOCAL): Promise<string> {
    const salt = randomBytes(16);
    const key = await this.derive(from, secret, salt, KEYLEN, {
      N,
      r: R,
      p: P,
      maxmem: 64 * 1024 * 1024,
    });
    return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  /**
   * Checks `secret` against `stored`; with no stored hash (unknown user, no PIN) it checks against
   * the dummy and answers false, at the same cost.
   */
  async verify(secret: string, stored: string | null | undefined, from: string): Promise<boolean> {
    const target = stored ?? (await this.dummyHash());
    const parts = target.split('$');
    if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
    const [, n, r, p, saltB64, keyB64] = parts as [string, string, string, string, string, string];
    const expected = Buffer.from(keyB64, 'base64url');
    const key = await this.derive(
      from,
      secret,
      Buffer.from(saltB64, 'base64url'),
      expected.length,
      {
        N: Number(n),
        r: Number(r),
        p: Number(p),
        maxmem: 256 * 1024 * 1024,
      },
    );
    return timingSafeEqual(key, expected) && stored != null;
  }

  private dummyHash(): Promise<string> {
    this.dummy ??= this.hash(randomBytes(16).toString('hex'));
    return this.dummy;
  }

  private async derive(
    from: string,
    secret: string,
    salt: Buffer,
    keylen: number,
    opts: ScryptOptions,
  ): Promise<Buffer> {
    await this.acquire(from);
    try {
      return await this.kdf(secret, salt, keylen, opts);
    } finally {
      this.release();
    }
  }

  private acquire(from: string): Promise<void> {
    if (this.running < this.limit && this.waiting.size === 0) {
      this.take();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const queue = this.waiting.get(from);
      if (queue) queue.push(resolve);
      else this.waiting.set(from, [resolve]);
    });
  }

  private take(): void {
    this.running++;
    this.peak = Math.max(this.peak, this.running);
  }

  private release(): void {
    this.running--;
    // Round-robin: the address at the front gets one turn, then goes to the back of the line.
    const next = this.waiting.entries().next();
    if (next.done) return;
    const [from, queue] = next.value;
    const wake = queue.shift() as () => void;
    this.waiting.delete(from);
    if (queue.length > 0) this.waiting.set(from, queue);
    this.take();
    wake();
  }
}
