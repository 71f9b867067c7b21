/**
 * The fault-injecting proxy the hub tests put between a till and its hub does what it says:
 * passes requests, refuses them when cut, and delivers a request but loses its answer.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy';

let server: http.Server;
let proxy: TcpProxy;
let served = 0;

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    served++;
    res.end(`answer ${served}`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  proxy = await startTcpProxy((server.address() as AddressInfo).port);
});
afterAll(async () => {
  await proxy.close();
  await new Promise<void>((r) => server.close(() => r()));
});

const get = (): Promise<string> =>
  new Promise((resolve, reject) => {
    const req = http.get(`${proxy.url}/`, { agent: false }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve(text));
      res.on('error', reject);
    });
    req.on('error', reject);
  });

describe('tcp proxy', () => {
  it('passes, refuses when cut, loses answers of requests that were served, and resumes', async () => {
    expect(await get()).toBe('answer 1');

    proxy.cut();
    await expect(get()).rejects.toThrow();
    expect(served).toBe(1);

    proxy.loseAnswers();
    await expect(get()).rejects.toThrow();
    // The request got through and was answered; only the answer was lost.
    expect(served).toBe(2);

    proxy.resume();
    proxy.delay(5);
    expect(await get()).toBe('answer 3');
  });
});
