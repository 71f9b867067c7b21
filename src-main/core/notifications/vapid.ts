import { createECDH, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface VapidKeys {
  /** Uncompressed P-256 public key, base64url (the browser's applicationServerKey). */
  publicKey: string;
  /** base64url private key (32 bytes). Never leaves this machine. */
  privateKey: string;
}

export const VAPID_FILE = 'vapid-keys.json';

/** Who push services contact about this sender; override with POS_VAPID_SUBJECT. */
export const DEFAULT_VAPID_SUBJECT = 'mailto:countertop@localhost.invalid';

export function vapidSubject(env: NodeJS.ProcessEnv): string {
  return env.POS_VAPID_SUBJECT || DEFAULT_VAPID_SUBJECT;
}

function isKeys(v: unknown): v is VapidKeys {
  const k = v as Partial<VapidKeys> | null;
  return (
    typeof k?.publicKey === 'string' &&
    Buffer.from(k.publicKey, 'base64url').length === 65 &&
    typeof k.privateKey === 'string' &&
    Buffer.from(k.privateKey, 'base64url').length === 32
  );
}

/**
 * The VAPID key pair of this data dir, made once (web-push's generateVAPIDKeys) and kept in a
 * file with mode 0600 beside the database: every browser subscribed with the public key, so it
 * must survive restarts, and the private key must not be readable by other local users. Kept
 * out of the database so a copied backup does not carry the private key around.
 */
export function loadVapidKeys(dataDir: string): VapidKeys {
  const file = join(dataDir, VAPID_FILE);
  if (existsSync(file)) return readKeys(file);
  const keys = generateVapidKeys();
  // Written whole under a temporary name, then linked into place: link() refuses an existing
  // file atomically, so a second process (server vs manage) either wins or reads complete keys,
  // never a half-written file.
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, JSON.stringify(keys) + '\n', { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return readKeys(file);
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
  return keys;
}

/**
 * What web-push's generateVAPIDKeys does (a P-256 pair, base64url, the private key padded to 32
 * bytes), without loading web-push at start-up (issue 13).
 */
function generateVapidKeys(): VapidKeys {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const priv = ecdh.getPrivateKey();
  const padded = Buffer.concat([Buffer.alloc(Math.max(0, 32 - priv.length)), priv]);
  return {
    publicKey: ecdh.getPublicKey().toString('base64url'),
    privateKey: padded.toString('base64url'),
  };
}

function readKeys(file: string): VapidKeys {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isKeys(parsed)) throw new Error(`${file} does not hold a VAPID key pair`);
  chmodSync(file, 0o600);
  return { publicKey: parsed.publicKey, privateKey: parsed.privateKey };
}
