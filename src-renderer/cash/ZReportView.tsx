import type { ByMethod, ZReport } from '../../src-shared/contract/zreports';
import { timeOfDay } from '../lib/time';
import { useSession } from '../session';
import { saveBlob } from '../lib/download';

/** A Z report as a manager reads it: who and when, money by method, the drawer, per person. */
export function ZReportView({ report }: { report: ZReport }) {
  const { money, settings } = useSession();
  const at = (iso: string) => timeOfDay(iso, settings.locale, settings.timeZone);
  const signed = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${money.format(Math.abs(v))}`;
  const row = (label: string, m: ByMethod) => (
    <tr>
      <th scope="row">{label}</th>
      <td className="num">{money.format(m.cash)}</td>
      <td className="num">{money.format(m.card)}</td>
      <td className="num">{money.format(m.mobile)}</td>
      <td className="num">
        <strong>{money.format(m.total)}</strong>
      </td>
    </tr>
  );
  return (
    <section className="card zreport" aria-label={`Z report ${report.number}`}>
      <h2>Z report #{report.number}</h2>
      <p className="muted">
        Drawer {report.drawerId} · opened {at(report.openedAt)} by {report.openedBy.displayName} ·
        closed {at(report.closedAt)} by {report.closedBy.displayName}
      </p>
      <table className="table">
        <thead>
          <tr>
            <th />
            <th className="num">Cash</th>
            <th className="num">Card</th>
            <th className="num">Mobile</th>
            <th className="num">Total</th>
          </tr>
        </thead>
        <tbody>
          {row(`Sales (${report.sales.count})`, report.sales)}
          {row(`Refunds (${report.refunds.count})`, report.refunds)}
          {row('Net', report.net)}
        </tbody>
      </table>
      <dl className="summary">
        <dt>Opening float</dt>
        <dd>{money.format(report.openingFloat)}</dd>
        <dt>Paid in</dt>
        <dd>{money.format(report.cashIn)}</dd>
        <dt>Taken out</dt>
        <dd>−{money.format(report.cashOut)}</dd>
        <dt>No sales</dt>
        <dd aria-label="No sales">{report.noSales.count}</dd>
        <dt className="grand">Expected cash</dt>
        <dd className="grand">{money.format(report.expectedCash)}</dd>
        <dt>Counted cash</dt>
        <dd>{money.format(report.countedCash)}</dd>
        <dt>Variance</dt>
        <dd className={report.variance === 0 ? 'ok' : 'bad'}>{signed(report.variance)}</dd>
      </dl>
      {report.noSales.entries.length > 0 && (
        <>
          <h3>No-sale drawer opens</h3>
          <ul className="plain-list">
            {report.noSales.entries.map((n) => (
              <li key={n.id}>
                {at(n.createdAt)} · {n.createdBy.displayName} · {n.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.cashiers.length > 0 && (
        <>
          <h3>By person</h3>
          <table className="table">
            <thead>
              <tr>
                <th>Who</th>
                <th className="num">Net cash</th>
                <th className="num">Card</th>
                <th className="num">Mobile</th>
                <th className="num">No sales</th>
                <th className="num">Variance share</th>
              </tr>
            </thead>
            <tbody>
              {report.cashiers.map((c) => (
                <tr key={c.user.id}>
                  <td>{c.user.displayName}</td>
                  <td className="num">{money.format(c.netCash)}</td>
                  <td className="num">{money.format(c.cardSales)}</td>
                  <td className="num">{money.format(c.mobileSales)}</td>
                  <td className="num">{c.noSales}</td>
                  <td className="num">{signed(c.varianceShare)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.varianceAttribution === 'shared' && (
            <p className="hint">
              Several people handled cash: the variance is split by how much each handled — a
              pointer, not proof of who miscounted.
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** Saves a PDF the API answered (a Blob over HTTP, bytes over IPC) as a file download. */
export function downloadPdf(data: Blob | Uint8Array, fileName: string): void {
  saveBlob(
    data instanceof Blob
      ? data
      : new Blob([data as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }),
    fileName,
  );
}
