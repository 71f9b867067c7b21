import { createSecretKey, type KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { PosError } from '../../../src-shared/errors';

export const TOKEN_TTL_SECONDS = 12 * 60 * 60;

export interface TokenClaims {
  userId: string;
  tokenVersion: number;
}

/**
 * Signs and verifies session tokens. HS256 is pinned on both sides, so `alg: none` or an
 * asymmetric-algorithm confusion is refused. The key is imported once, not per request.
 */
export class TokenService {
  readonly #key: KeyObject;
  readonly #ttl: number;
  /**
   * Tokens whose signature and claims were checked, with their expiry (seconds): a token is
   * immutable, so only its expiry needs checking again (issue 13: the HMAC was ~7 % of an order's
   * CPU). Whether its user is still active and its version current is checked per request
   * (./actor.ts). Insertion order is age: the oldest go first when it is full.
   */
  readonly #verified = new Map<string, TokenClaims & { exp: number }>();
  readonly #maxVerified: number;

  constructor(secret: string, ttlSeconds = TOKEN_TTL_SECONDS, maxVerified = 1000) {
    this.#key = createSecretKey(Buffer.from(secret, 'utf8'));
    this.#ttl = Math.min(ttlSeconds, TOKEN_TTL_SECONDS);
    this.#maxVerified = maxVerified;
  }

  async sign(claims: TokenClaims, now: Date): Promise<{ token: string; expiresAt: Date }> {
    const iat = Math.floor(now.getTime() / 1000);
    const exp = iat + this.#ttl;
    const token = await new SignJWT({ tv: claims.tokenVersion })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(claims.userId)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setAudience('countertop')
      .sign(this.#key);
    return { token, expiresAt: new Date(exp * 1000) };
  }

  async verify(token: string, now: Date): Promise<TokenClaims> {
    const known = this.#verified.get(token);
    if (known) {
      // jose's rule: expired once now >= exp (no clock tolerance configured).
      if (Math.floor(now.getTime() / 1000) < known.exp)
        return { userId: known.userId, tokenVersion: known.tokenVersion };
      this.#verified.delete(token);
      throw new PosError('unauthorized', 'token expired');
    }
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        algorithms: ['HS256'],
        audience: 'countertop',
        currentDate: now,
        requiredClaims: ['exp', 'sub'],
      });
      if (
        typeof payload.sub !== 'string' ||
        typeof payload.tv !== 'number' ||
        typeof payload.exp !== 'number'
      )
        throw new Error('claims');
      if (this.#verified.size >= this.#maxVerified) {
        const oldest = this.#verified.keys().next().value;
        if (oldest !== undefined) this.#verified.delete(oldest);
      }
      this.#verified.set(token, {
        userId: payload.sub,
        tokenVersion: payload.tv,
        exp: payload.exp,
      });
      return { userId: payload.sub, tokenVersion: payload.tv };
    } catch (e) {
      const reason = e instanceof joseErrors.JWTExpired ? 'token expired' : 'invalid token';
      throw new PosError('unauthorized', reason);
    }
  }
}
