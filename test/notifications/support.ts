/** Shared set-up for the notification tests. */
import { createECDH, randomBytes, type ECDH } from 'node:crypto';
import { startTestServer, type TestServer } from '../helpers/app';

export interface World {
  ts: TestServer;
  ids: Record<'admin' | 'manager' | 'cashier' | 'kitchen' | 'viewless', string>;
  admin: string;
  manager: string;
  cashier: string;
  kitchen: string;
  /** A cashier whose notifications.view was revoked. */
  viewless: string;
}

export async function notificationWorld(): Promise<World> {
  const ts = await startTestServer();
  const mk = async (
    username: string,
    role: 'admin' | 'manager' | 'cashier' | 'kitchen',
    revoked = false,
  ) => {
    const u = await ts.createUser({
      username,
      password: `${username}-pass-1`,
      role,
      ...(revoked ? { revokedPermissions: ['notifications.view' as const] } : {}),
    });
    return { id: u.id, token: await ts.token(username, `${username}-pass-1`) };
  };
  const admin = await mk('ada', 'admin');
  const manager = await mk('max', 'manager');
  const cashier = await mk('cleo', 'cashier');
  const kitchen = await mk('kit', 'kitchen');
  const viewless = await mk('vic', 'cashier', true);
  return {
    ts,
    ids: {
      admin: admin.id,
      manager: manager.id,
      cashier: cashier.id,
      kitchen: kitchen.id,
      viewless: viewless.id,
    },
    admin: admin.token,
    manager: manager.token,
    cashier: cashier.token,
    kitchen: kitchen.token,
    viewless: viewless.token,
  };
}

/** A browser's side of a push subscription: its ECDH key pair and auth secret. */
export interface BrowserKeys {
  ecdh: ECDH;
  auth: Buffer;
  p256dh: string;
  authText: string;
}

export function browserKeys(): BrowserKeys {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    ecdh,
    auth,
    p256dh: ecdh.getPublicKey().toString('base64url'),
    authText: auth.toString('base64url'),
  };
}
