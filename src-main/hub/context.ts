import type { AppLogger } from '../log';
import type { Secrets } from '../core/auth/passwords';
import type { TokenService } from '../core/auth/tokens';
import type { HubDb } from './db';

/** What every hub operation works with; nothing else is kept between requests. */
export interface HubContext {
  db: HubDb;
  log: AppLogger;
  /** Injected so tests move time (pairing code expiry, token expiry) without sleeping. */
  now: () => Date;
  tokens: TokenService;
  /** Password hashing, a few at a time per process, fair between client addresses. */
  secrets: Secrets;
  /**
   * The till's empty database, migrated once at start (office/till-schema.ts): each office
   * request runs the till's operations over a private copy of it.
   */
  tillSchema: Buffer;
}

/** HUB_JWT_SECRET is shared by every hub process of one database, so a token from one works on all. */
export const MIN_SECRET_LENGTH = 32;
