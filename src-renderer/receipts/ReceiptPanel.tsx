import { useCallback, useEffect, useState } from 'react';
import type { ReceiptPreview } from '../../src-shared/contract/receipts';
import { newIdempotencyKey } from '../api/client';
import { downloadPdf } from '../cash/ZReportView';
import { ErrorNote } from '../components/ErrorNote';
import { plainError } from '../lib/errors';
import { useSession } from '../session';
import './receipt.css';

/**
 * An order's receipt as the printer lays it out (the server's lines, drawn as text in a fixed
 * font, so a name can never become markup), with Print or Reprint through the print queue and
 * Download PDF. `version` (the order's updatedAt) reloads it when the order changes.
 */
export function ReceiptPanel({ orderId, version }: { orderId: string; version?: string }) {
  const { client, can } = useSession();
  const [receipt, setReceipt] = useState<ReceiptPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setReceipt(await client.getOrderReceipt({ id: orderId }));
    } catch (e) {
      setError(plainError(e).message);
    }
  }, [client, orderId]);

  useEffect(() => {
    void load();
  }, [load, version]);

  async function print() {
    if (busy) return;
    setBusy(true);
    setError(null);
    setInfo(null);
    try {
      const job = await client.printOrderReceipt(
        { id: orderId },
        { idempotencyKey: newIdempotencyKey() },
      );
      setInfo(
        job.reprint
          ? 'Reprint sent to the printer (marked REPRINT).'
          : 'Receipt sent to the printer.',
      );
      await load();
    } catch (e) {
      setError(plainError(e).message);
    } finally {
      setBusy(false);
    }
  }

  async function download() {
    if (!receipt) return;
    setError(null);
    try {
      const data = (await client.getOrderReceiptPdf({ id: orderId })) as Blob | Uint8Array;
      downloadPdf(data, `receipt-${receipt.number}.pdf`);
    } catch (e) {
      setError(plainError(e).message);
    }
  }

  if (!receipt) return error ? <ErrorNote message={error} /> : <p className="muted">Loading…</p>;
  return (
    <section className="receipt-panel" aria-label={`Receipt of order ${receipt.number}`}>
      <div
        className={`receipt-paper w${receipt.widthChars}`}
        role="document"
        aria-label={`Receipt ${receipt.number}`}
      >
        {receipt.lines.map((line, i) => (
          <div
            key={i}
            className={`receipt-line${line.bold ? ' bold' : ''}${line.double ? ' double' : ''}`}
          >
            {line.text || '\u00a0'}
          </div>
        ))}
      </div>
      <ErrorNote message={error} />
      {info && (
        <p className="info" role="status">
          {info}
        </p>
      )}
      <div className="row">
        {can('orders.create') && (
          <button type="button" className="primary grow" disabled={busy} onClick={print}>
            {receipt.printed ? 'Reprint' : 'Print'}
          </button>
        )}
        <button type="button" className="ghost grow" onClick={download}>
          Download PDF
        </button>
      </div>
    </section>
  );
}
