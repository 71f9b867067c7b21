import { contract, type OperationName } from '../../src-shared/contract';
import { toCsv } from '../../src-shared/csv';
import type { ErrorBody } from '../../src-shared/errors';
import { ApiError, buildRequest, type Client } from '../api/client';

/** Saves bytes as a file download from a `blob:` URL (nothing opens in a new window). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser a moment to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * An operation's CSV form as a Blob. Over HTTP it is the server's `?format=csv` answer, fetched
 * with the Bearer token (a plain link could not carry it); over IPC there is no query string, so
 * the JSON answer is turned into the same rows by the contract's own `csv` and the same writer.
 */
export async function csvBlob(
  client: Client,
  name: OperationName,
  input: Record<string, unknown>,
): Promise<Blob> {
  const op = contract[name] as { csv?: (out: never) => (string | number | boolean | null)[][] };
  if (!op.csv) throw new Error(`${name} has no CSV form`);
  const t = client.transport;
  if (t.kind === 'http' && t.baseUrl !== null) {
    const req = buildRequest(name, input);
    const url = `${t.baseUrl}${req.path}${req.path.includes('?') ? '&' : '?'}format=csv`;
    const token = client.getToken();
    let res: Response;
    try {
      res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    } catch {
      throw new ApiError(0, 'network', 'The server cannot be reached.');
    }
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as ErrorBody | null;
      throw new ApiError(
        res.status,
        body?.error.code ?? 'internal',
        body?.error.message ?? res.statusText,
        body?.error.details,
      );
    }
    return res.blob();
  }
  const call = client[name] as (i: unknown) => Promise<unknown>;
  const out = await call(input);
  return new Blob([toCsv(op.csv(out as never))], { type: 'text/csv; charset=utf-8' });
}

/** Saves an operation's CSV form as `fileName` (see csvBlob for how it travels). */
export async function downloadCsv(
  client: Client,
  name: OperationName,
  input: Record<string, unknown>,
  fileName: string,
): Promise<void> {
  saveBlob(await csvBlob(client, name, input), fileName);
}
