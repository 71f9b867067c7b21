import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class SecretError extends Error {}

export const MIN_SECRET_LENGTH = 32;

/**
 * The JWT signing secret. In production it must come from POS_JWT_SECRET (≥ 32 chars) and the
 * server refuses to start otherwise. Elsewhere it may be generated once and kept in the data dir
 * with mode 0600, so restarts keep tokens valid and no other local user can read it.
 */
export function loadJwtSecret(env: NodeJS.ProcessEnv, dataDir: string): string {
  const fromEnv = env.POS_JWT_SECRET;
  if (env.NODE_ENV === 'production') {
    if (!fromEnv) throw new SecretError('POS_JWT_SECRET is required when NODE_ENV=production');
    if (fromEnv.length < MIN_SECRET_LENGTH) {
      throw new SecretError(`POS_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
    }
    return fromEnv;
  }
  if (fromEnv) {
    if (fromEnv.length < MIN_SECRET_LENGTH) {
      throw new SecretError(`POS_JWT_SECRET must be at least ${MIN_SECRET_LENGTH} characters`);
    }
    return fromEnv;
  }
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) {
    const s = readFileSync(file, 'utf8').trim();
    if (s.length < MIN_SECRET_LENGTH)
      throw new SecretError(`${file} holds a secret shorter than ${MIN_SECRET_LENGTH} characters`);
    chmodSync(file, 0o600);
    return s;
  }
  const secret = randomBytes(48).toString('base64url');
  // 'wx': never overwrite a secret another process wrote a moment ago.
  try {
    writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw e;
  }
  return secret;
}
