import type { SalesReport } from '../../src-shared/contract/reports';
import { BarChart } from '../manager/BarChart';
import { useSession } from '../session';
import { Kpi } from './Kpi';

/** Sales: the server's figures (tips, discounts and tax apart), a bar per hour or day, top items. */
export function SalesView({ report }: { report: SalesReport }) {
  const { money, settings } = useSession();
  // The server buckets by the hour up to 48 h, by the day beyond (API.md §9).
  const hourly = Date.parse(report.to) - Date.parse(report.from) <= 48 * 3_600_000;
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
  const chartTitle = `Net sales ${hourly ? 'by hour' : 'by day'}`;
  return (
    <>
      <div className="kpis">
        <Kpi label="Gross" value={money.format(report.gross)} />
        <Kpi label="Refunds" value={money.format(report.refunds)} />
        <Kpi label="Net" value={money.format(report.net)} strong />
        <Kpi label="Orders" value={String(report.orderCount)} />
        <Kpi label="Average order" value={money.format(report.averageOrder)} />
        <Kpi label="Tax" value={money.format(report.tax)} />
        <Kpi label="Discounts" value={money.format(report.discounts)} />
        <Kpi label="Tips" value={money.format(report.tips)} />
      </div>
      <div className="report-grid">
        <section className="card" aria-label="Net sales over time">
          <h3>{chartTitle}</h3>
          <BarChart
            title={chartTitle}
            xTitle={hourly ? `Hour (${settings.timeZone})` : `Day (${settings.timeZone})`}
            yTitle={`Net sales (${settings.currency})`}
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
          <p className="hint muted">
            Tips ({money.format(report.tips)}) are owed to staff and are not part of sales.
          </p>
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
  );
}
