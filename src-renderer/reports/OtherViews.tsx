import type {
  InventoryReport,
  OrdersReport,
  StaffAttendanceReport,
} from '../../src-shared/contract/reports';
import { ORDER_STATUSES } from '../../src-shared/order-states';
import { STATUS_LABEL } from '../lib/status';
import { useSession } from '../session';
import { Kpi } from './Kpi';

/** Orders created in the range, by status, and how long the kitchen took on average. */
export function OrdersView({ report }: { report: OrdersReport }) {
  const prep = report.averagePrepSeconds;
  return (
    <>
      <div className="kpis">
        <Kpi label="Orders created" value={String(report.total)} strong />
        <Kpi
          label="Average prep time"
          value={prep === null ? '—' : `${Math.floor(prep / 60)} min ${Math.round(prep % 60)} s`}
        />
      </div>
      <section className="card" aria-label="Orders by status">
        <h3>By status</h3>
        <table className="table">
          <thead>
            <tr>
              <th>Status</th>
              <th className="num">Orders</th>
            </tr>
          </thead>
          <tbody>
            {ORDER_STATUSES.map((s) => (
              <tr key={s}>
                <td>{STATUS_LABEL[s]}</td>
                <td className="num">{report.byStatus[s]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

/** Stock on hand valued at last cost, and what was used in the range. */
export function InventoryView({ report }: { report: InventoryReport }) {
  const { money } = useSession();
  return (
    <>
      <div className="kpis">
        <Kpi label="Stock value" value={money.format(report.totalValue)} strong />
        <Kpi label="Items low" value={String(report.items.filter((i) => i.lowStock).length)} />
      </div>
      <section className="card" aria-label="Stock report">
        <h3>Stock</h3>
        {report.items.length === 0 ? (
          <p className="muted">No stock items.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Item</th>
                <th className="num">On hand</th>
                <th className="num">Used in range</th>
                <th className="num">Last cost</th>
                <th className="num">Value</th>
                <th>State</th>
              </tr>
            </thead>
            <tbody>
              {report.items.map((i) => (
                <tr key={i.id}>
                  <td>{i.name}</td>
                  <td className="num">
                    {i.onHand} {i.unit}
                  </td>
                  <td className="num">
                    {i.consumed} {i.unit}
                  </td>
                  <td className="num">
                    {i.lastUnitCost === null ? '—' : money.format(i.lastUnitCost)}
                  </td>
                  <td className="num">{money.format(i.value)}</td>
                  <td>{i.negative ? 'Negative' : i.lowStock ? 'Low' : 'OK'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

/** Hours and shifts per person in the range; who is on shift now. */
export function AttendanceView({ report }: { report: StaffAttendanceReport }) {
  const total = report.users.reduce((s, u) => s + u.hours, 0);
  return (
    <>
      <div className="kpis">
        <Kpi label="Hours worked" value={total.toFixed(2)} strong />
        <Kpi label="Shifts" value={String(report.users.reduce((s, u) => s + u.shifts, 0))} />
      </div>
      <section className="card" aria-label="Staff attendance">
        <h3>Staff attendance</h3>
        {report.users.length === 0 ? (
          <p className="muted">Nobody clocked in during this range.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Username</th>
                <th className="num">Hours</th>
                <th className="num">Shifts</th>
                <th>Now</th>
              </tr>
            </thead>
            <tbody>
              {report.users.map((u) => (
                <tr key={u.userId}>
                  <td>{u.displayName}</td>
                  <td>{u.username}</td>
                  <td className="num">{u.hours.toFixed(2)}</td>
                  <td className="num">{u.shifts}</td>
                  <td>{u.open ? 'On shift' : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
