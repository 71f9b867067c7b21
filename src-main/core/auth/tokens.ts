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

  constructor(secret: string, ttlSeconds = TOKEN_TTL_SECONDS) {
    this.#key = createSecretKey(Buffer.from(secret, 'utf8'));
    this.#ttl = Math.min(ttlSeconds, TOKEN_TTL_SECONDS);
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
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        algorithms: ['HS256'],
        audience: 'countertop',
        currentDate: now,
        requiredClaims: ['exp', 'sub'],
      });
      if (typeof payload.sub !== 'string' || typeof payload.tv !== 'number')
        throw new Error('claims');
      return { userId: payload.sub, tokenVersion: payload.tv };
    } catch (e) {
      const reason = e instanceof joseErrors.JWTExpired ? 'token expired' : 'invalid token';
      throw new PosError('unauthorized', reason);
    }
  }
}
