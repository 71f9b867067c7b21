import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { CashSession } from '../../src-shared/contract/cash';
import type { ZReport } from '../../src-shared/contract/zreports';
import { downloadPdf, ZReportView } from '../cash/ZReportView';
import { newIdempotencyKey } from '../api/client';
import { ErrorNote } from '../components/ErrorNote';
import { plainError } from '../lib/errors';
import { timeOfDay } from '../lib/time';
import { useSession } from '../session';

/**
 * The drawer session: open with a float, pay in or take out cash, close with a BLIND count —
 * the expected amount appears only after the counted amount has been committed.
 */
export function Cash() {
  const { client, money, settings, can } = useSession();
  const [session, setSession] = useState<CashSession | null>(null);
  const [closed, setClosed] = useState<CashSession | null>(null);
  const [zNumber, setZNumber] = useState<number | null>(null);
  const [zReport, setZReport] = useState<ZReport | null>(null);
  const [noSaleReason, setNoSaleReason] = useState('');
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [float, setFloat] = useState('0');
  const [moveType, setMoveType] = useState<'cash_in' | 'cash_out'>('cash_out');
  const [moveAmount, setMoveAmount] = useState('');
  const [moveReason, setMoveReason] = useState('');
  const [counted, setCounted] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setSession((await client.getCashSession({ drawerId: 'main' })).session);
      setLoaded(true);
    } catch (e) {
      setError(plainError(e).message);
    }
  }, [client]);

  useEffect(() => {
    void load();
  }, [load]);

  async function run(fn: () => Promise<void>) {
    if (busy) return;
    setBusy(true);
    setError(null);
    setInfo(null);
    try {
      await fn();
    } catch (e) {
      setError(plainError(e).message);
    } finally {
      setBusy(false);
    }
  }

  const open = (e: FormEvent) => {
    e.preventDefault();
    const openingFloat = money.parse(float);
    if (openingFloat === null) return setError('Type the float as an amount, e.g. 100.00');
    void run(async () => {
      const res = await client.openCash(
        { openingFloat, drawerId: 'main' },
        { idempotencyKey: newIdempotencyKey() },
      );
      setSession(res.session);
      setClosed(null);
    });
  };

  const move = (e: FormEvent) => {
    e.preventDefault();
    const amount = money.parse(moveAmount);
    if (amount === null || amount <= 0) return setError('Type an amount greater than zero.');
    void run(async () => {
      const reason = moveReason.trim();
      const res = await client.moveCash(
        { type: moveType, amount, drawerId: 'main', ...(reason ? { reason } : {}) },
        { idempotencyKey: newIdempotencyKey() },
      );
      setSession(res.session);
      setMoveAmount('');
      setMoveReason('');
      setInfo(
        `${moveType === 'cash_in' ? 'Paid in' : 'Took out'} ${money.format(res.movement.amount)}.`,
      );
    });
  };

  const close = (e: FormEvent) => {
    e.preventDefault();
    const countedCash = money.parse(counted);
    if (countedCash === null) return setError('Type the counted cash as an amount.');
    void run(async () => {
      const res = await client.closeCash(
        { countedCash, drawerId: 'main' },
        { idempotencyKey: newIdempotencyKey() },
      );
      setClosed(res.session);
      setZNumber(res.zReport.number);
      setZReport(null);
      setSession(null);
      setCounted('');
    });
  };

  const noSale = (e: FormEvent) => {
    e.preventDefault();
    const reason = noSaleReason.trim();
    if (!reason) return setError('Say why the drawer is opened without a sale.');
    void run(async () => {
      const res = await client.cashNoSale(
        { reason, drawerId: 'main' },
        { idempotencyKey: newIdempotencyKey() },
      );
      setNoSaleReason('');
      setSession((s) => (s ? { ...s, noSales: s.noSales + 1 } : s));
      setInfo(
        res.drawer.kicked
          ? 'Drawer opened (no sale recorded).'
          : `No sale recorded, but the drawer did not open${res.drawer.error ? `: ${res.drawer.error}` : '.'}`,
      );
    });
  };

  const viewZ = () =>
    zNumber !== null && void run(async () => setZReport(await client.getZReport({ zNumber })));

  const pdfZ = () =>
    zNumber !== null &&
    void run(async () => {
      const data = (await client.getZReportPdf({ zNumber })) as Blob | Uint8Array;
      downloadPdf(data, `z-report-${zNumber}.pdf`);
    });

  if (!loaded) return error ? <ErrorNote message={error} /> : <p className="muted">Loading…</p>;

  return (
    <div className="cash">
      <ErrorNote message={error} />
      {info && (
        <p className="info" role="status">
          {info}
        </p>
      )}
      {closed && <ZSummary session={closed} />}
      {zNumber !== null && (
        <section className="card z-bar" aria-label="Z report">
          <span>
            Z report <strong className="order-no">#{zNumber}</strong> written.
          </span>
          {can('reports.view') && (
            <>
              <button type="button" disabled={busy} onClick={viewZ}>
                View Z report
              </button>
              <button type="button" className="ghost" disabled={busy} onClick={pdfZ}>
                Download PDF
              </button>
            </>
          )}
        </section>
      )}
      {zReport && <ZReportView report={zReport} />}
      {!session ? (
        <form className="card narrow" onSubmit={open} aria-label="Open the cash drawer">
          <h2>Cash drawer is closed</h2>
          <label>
            Opening float
            <input inputMode="decimal" value={float} onChange={(e) => setFloat(e.target.value)} />
          </label>
          <button type="submit" className="primary big" disabled={busy}>
            Open drawer
          </button>
        </form>
      ) : (
        <div className="cash-grid">
          <section className="card" aria-label="Open session">
            <h2>Drawer open</h2>
            <p>
              Since {timeOfDay(session.openedAt, settings.locale, settings.timeZone)} with a float
              of {money.format(session.openingFloat)}.
            </p>
          </section>
          <form className="card" onSubmit={move} aria-label="Cash in or out">
            <h3>Pay in / take out</h3>
            <div className="segmented" role="group" aria-label="Movement">
              <button
                type="button"
                aria-pressed={moveType === 'cash_in'}
                onClick={() => setMoveType('cash_in')}
              >
                Pay in
              </button>
              <button
                type="button"
                aria-pressed={moveType === 'cash_out'}
                onClick={() => setMoveType('cash_out')}
              >
                Take out
              </button>
            </div>
            <label>
              Amount
              <input
                inputMode="decimal"
                value={moveAmount}
                onChange={(e) => setMoveAmount(e.target.value)}
              />
            </label>
            <label>
              Reason
              <input value={moveReason} onChange={(e) => setMoveReason(e.target.value)} />
            </label>
            <button type="submit" disabled={busy}>
              Record movement
            </button>
          </form>
          <form className="card" onSubmit={noSale} aria-label="No sale">
            <h3>No sale</h3>
            <p className="muted">
              Opens the drawer without a sale (change for a note, a float check). It is recorded
              with your name and counted on the Z report.
            </p>
            <label>
              Reason
              <input
                value={noSaleReason}
                maxLength={200}
                onChange={(e) => setNoSaleReason(e.target.value)}
              />
            </label>
            <button type="submit" disabled={busy || noSaleReason.trim() === ''}>
              Open drawer (no sale)
            </button>
          </form>
          <form className="card" onSubmit={close} aria-label="Close the drawer">
            <h3>Close and count</h3>
            <p className="muted">
              Count the cash in the drawer and type the total. The expected amount is shown after.
            </p>
            <label>
              Counted cash
              <input
                inputMode="decimal"
                value={counted}
                onChange={(e) => setCounted(e.target.value)}
              />
            </label>
            <button type="submit" className="danger" disabled={busy || counted.trim() === ''}>
              Close drawer
            </button>
          </form>
        </div>
      )}
    </div>
  );
}

function ZSummary({ session }: { session: CashSession }) {
  const { money } = useSession();
  const s = session.summary;
  if (!s) return null;
  const variance = s.variance ?? 0;
  return (
    <section className="card" aria-label="Drawer summary">
      <h2>Drawer closed</h2>
      <dl className="summary">
        <dt>Opening float</dt>
        <dd>{money.format(s.openingFloat)}</dd>
        <dt>Cash sales</dt>
        <dd>{money.format(s.cashSales)}</dd>
        <dt>Cash refunds</dt>
        <dd>−{money.format(s.cashRefunds)}</dd>
        <dt>Paid in</dt>
        <dd>{money.format(s.cashIn)}</dd>
        <dt>Taken out</dt>
        <dd>−{money.format(s.cashOut)}</dd>
        <dt className="grand">Expected</dt>
        <dd className="grand">{money.format(s.expected)}</dd>
        <dt>Counted</dt>
        <dd>{money.format(s.counted ?? 0)}</dd>
        <dt>Variance</dt>
        <dd className={variance === 0 ? 'ok' : 'bad'} aria-label="Variance">
          {variance > 0 ? '+' : variance < 0 ? '−' : ''}
          {money.format(Math.abs(variance))}
        </dd>
      </dl>
    </section>
  );
}
