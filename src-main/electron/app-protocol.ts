/**
 * The window loads the app from `countertop://app/`, not `file://`: a custom scheme is its own
 * origin, so navigation and IPC sender checks can trust that one origin and nothing else
 * (every local file shares the `file://` origin).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { CSP, TYPES } from '../http/static';
import type { ElectronLike } from './electron-api';

export const APP_SCHEME = 'countertop';
export const APP_ORIGIN = `${APP_SCHEME}://app`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

/** Before `app.whenReady()`: the scheme behaves like https (secure, its own origin, fetch). */
export function registerAppScheme(electron: ElectronLike): void {
  electron.protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

/** Answers a request of the scheme from the built renderer folder (never outside it). */
export function serveAppFile(rendererDir: string, url: string): Response {
  const u = new URL(url);
  if (`${u.protocol}//${u.host}` !== APP_ORIGIN) return new Response('not found', { status: 404 });
  const path = decodeURIComponent(u.pathname).replace(/^\/+/, '');
  const file = normalize(join(rendererDir, path));
  const inside = file.startsWith(rendererDir + sep);
  const target =
    inside && path && existsSync(file) && statSync(file).isFile()
      ? file
      : join(rendererDir, 'index.html');
  if (!existsSync(target))
    return new Response('The screens are not built: run `npm run build`.', { status: 404 });
  return new Response(readFileSync(target), {
    headers: {
      'content-type': TYPES[extname(target)] ?? 'application/octet-stream',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
    },
  });
}

export function handleAppProtocol(electron: ElectronLike, rendererDir: string): void {
  electron.protocol.handle(APP_SCHEME, (request) => serveAppFile(rendererDir, request.url));
}
