/**
 * A real Web Push endpoint for the tests: an https server on 127.0.0.1 with a self-signed
 * certificate made by the openssl CLI, whose behaviour is chosen by the first path segment,
 * plus an RFC 8291 (aes128gcm) decryptor playing the browser's part.
 */
import { execFileSync } from 'node:child_process';
import { createDecipheriv, createPublicKey, hkdfSync, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, Agent, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { BrowserKeys } from './support';

export interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export type Behaviour = 'ok' | 'fail500' | 'gone' | 'notfound' | 'hang' | 'flaky';

export interface PushEndpoint {
  origin: string;
  certFile: string;
  /** Trusts the self-signed certificate (and nothing else). */
  agent: Agent;
  received: Received[];
  url(behaviour: Behaviour, name: string): string;
  close(): Promise<void>;
}

/** A P-256 certificate for IP 127.0.0.1, valid a day, written into `dir`. */
export function makeCertificate(dir: string): { keyFile: string; certFile: string } {
  const keyFile = join(dir, 'endpoint-key.pem');
  const certFile = join(dir, 'endpoint-cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { keyFile, certFile };
}

export async function startPushEndpoint(dir: string): Promise<PushEndpoint> {
  const { keyFile, certFile } = makeCertificate(dir);
  const cert = readFileSync(certFile);
  const received: Received[] = [];
  const flakySeen = new Set<string>();
  const server: Server = createServer({ key: readFileSync(keyFile), cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks) });
      const behaviour = path.split('/')[1] as Behaviour;
      if (behaviour === 'hang') return; // never answers
      if (behaviour === 'fail500') return void res.writeHead(500).end('push service sad');
      if (behaviour === 'gone') return void res.writeHead(410).end('unsubscribed');
      if (behaviour === 'notfound') return void res.writeHead(404).end('no such subscription');
      if (behaviour === 'flaky' && !flakySeen.has(path)) {
        flakySeen.add(path);
        return void res.writeHead(503).end('try later');
      }
      res.writeHead(201).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `https://127.0.0.1:${port}`;
  const agent = new Agent({ ca: cert, keepAlive: false });
  return {
    origin,
    certFile,
    agent,
    received,
    url: (behaviour, name) => `${origin}/${behaviour}/${name}`,
    async close() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Decrypts an aes128gcm push body (RFC 8188 + RFC 8291) with the subscription's keys. */
export function decryptPush(body: Buffer, keys: BrowserKeys): string {
  const salt = body.subarray(0, 16);
  const idLen = body[20] ?? 0;
  const serverPublic = body.subarray(21, 21 + idLen);
  const ciphertext = body.subarray(21 + idLen);
  const ecdhSecret = keys.ecdh.computeSecret(serverPublic);
  const keyInfo = Buffer.concat([
    Buffer.from('WebPush: info\0'),
    keys.ecdh.getPublicKey(),
    serverPublic,
  ]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, keys.auth, keyInfo, 32));
  const cek = Buffer.from(
    hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16),
  );
  const nonce = Buffer.from(
    hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12),
  );
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([
    decipher.update(ciphertext.subarray(0, ciphertext.length - 16)),
    decipher.final(),
  ]);
  // The last record ends with the delimiter 0x02, then zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error('no last-record delimiter');
  return padded.subarray(0, end).toString('utf8');
}

/** The record size field of the aes128gcm header. */
export function recordSize(body: Buffer): number {
  return body.readUInt32BE(16);
}

/** Checks an ES256 JWT against a raw uncompressed P-256 public key (base64url). */
export function verifyVapidJwt(jwt: string, publicKey: string): boolean {
  const raw = Buffer.from(publicKey, 'base64url');
  const key = createPublicKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      x: raw.subarray(1, 33).toString('base64url'),
      y: raw.subarray(33, 65).toString('base64url'),
    },
    format: 'jwk',
  });
  const [h, p, s] = jwt.split('.');
  return verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(s ?? '', 'base64url'),
  );
}
