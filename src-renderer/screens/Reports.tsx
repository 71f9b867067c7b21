import { useEffect, useState } from 'react';
import type { SalesReport } from '../../src-shared/contract/reports';
import { ErrorNote } from '../components/ErrorNote';
import { plainError } from '../lib/errors';
import { BarChart } from '../manager/BarChart';
import { useSession } from '../session';

const RANGES = [
  { id: '24h', label: 'Last 24 hours' },
  { id: '7d', label: 'Last 7 days' },
  { id: '30d', label: 'Last 30 days' },
] as const;

/** Sales at a glance: the figures the server computed, a bar per hour or day, the top items. */
export function Reports() {
  const { client, money, settings } = useSession();
  const [range, setRange] = useState<(typeof RANGES)[number]['id']>('24h');
  const [report, setReport] = useState<SalesReport | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    client.salesReport({ range }).then(
      (r) => {
        if (!alive) return;
        setReport(r);
        setError(null);
      },
      (e: unknown) => alive && setError(plainError(e).message),
    );
    return () => {
      alive = false;
    };
  }, [client, range]);

  const hourly = range === '24h';
  const label = (iso: string) => {
    try {
      return new Intl.DateTimeFormat(settings.locale, {
        timeZone: settings.timeZone,
        ...(hourly ? { hour: 'numeric' } : { month: 'short', day: 'numeric' }),
      }).format(new Date(iso));
    } catch {
      return iso.slice(hourly ? 11 : 5, hourly ? 16 : 10);
    }
  };

  return (
    <div className="reports">
      <div className="toolbar">
        <h2>Sales</h2>
        <div className="segmented" role="group" aria-label="Range">
          {RANGES.map((r) => (
            <button
              key={r.id}
              type="button"
              aria-pressed={range === r.id}
              onClick={() => setRange(r.id)}
            >
              {r.label}
            </button>
          ))}
        </div>
      </div>
      <ErrorNote message={error} />
      {report && (
        <>
          <div className="kpis">
            <Kpi label="Gross" value={money.format(report.gross)} />
            <Kpi label="Refunds" value={money.format(report.refunds)} />
            <Kpi label="Net" value={money.format(report.net)} strong />
            <Kpi label="Orders" value={String(report.orderCount)} />
            <Kpi label="Average order" value={money.format(report.averageOrder)} />
            <Kpi label="Tax" value={money.format(report.tax)} />
          </div>
          <div className="report-grid">
            <section className="card" aria-label="Net sales over time">
              <h3>Net sales {hourly ? 'by hour' : 'by day'}</h3>
              <BarChart
                title={`Net sales ${hourly ? 'by hour' : 'by day'}`}
                bars={report.series.map((s) => ({ label: label(s.start), value: s.net }))}
                format={money.format}
              />
            </section>
            <section className="card" aria-label="By payment method">
              <h3>By method (net)</h3>
              <dl className="by-method">
                <dt>Cash</dt>
                <dd>{money.format(report.byMethod.cash)}</dd>
                <dt>Card</dt>
                <dd>{money.format(report.byMethod.card)}</dd>
                <dt>Mobile</dt>
                <dd>{money.format(report.byMethod.mobile)}</dd>
              </dl>
            </section>
            <section className="card wide" aria-label="Top items">
              <h3>Top items</h3>
              {report.topItems.length === 0 ? (
                <p className="muted">No sales in this range.</p>
              ) : (
                <table className="table">
                  <thead>
                    <tr>
                      <th>Item</th>
                      <th className="num">Sold</th>
                      <th className="num">Revenue</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.topItems.map((t) => (
                      <tr key={t.menuItemId}>
                        <td>{t.name}</td>
                        <td className="num">{t.quantity}</td>
                        <td className="num">{money.format(t.revenue)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </div>
        </>
      )}
    </div>
  );
}

function Kpi({ label, value, strong }: { label: string; value: string; strong?: boolean }) {
  return (
    <div className={`kpi${strong ? ' strong' : ''}`} role="group" aria-label={label}>
      <span className="kpi-label">{label}</span>
      <span className="kpi-value">{value}</span>
    </div>
  );
}
