import { LoadState } from '../components/LoadState';
import type { OrderStatus } from '../../src-shared/order-states';
import { STATUS_LABEL } from '../lib/status';
import { timeOfDay } from '../lib/time';
import { useLoad } from '../lib/use-load';
import { useSession } from '../session';

/** A customer's orders and what they spent (the customer history report: reports.view). */
export function CustomerHistory({ customerId, version }: { customerId: string; version: string }) {
  const { can } = useSession();
  if (!can('reports.view')) {
    return (
      <section className="customer-history" aria-label="Order history">
        <h4>Order history</h4>
        <p className="muted">
          Not shown: a customer's orders are part of the reports, and your account may not see
          reports (permission reports.view). Ask an admin.
        </p>
      </section>
    );
  }
  return <HistoryTable customerId={customerId} version={version} />;
}

function HistoryTable({ customerId, version }: { customerId: string; version: string }) {
  const { client, money, settings } = useSession();
  const history = useLoad(
    () => client.customerHistoryReport({ customerId }),
    [client, customerId, version],
  );
  return (
    <section className="customer-history" aria-label="Order history">
      <h4>Order history</h4>
      <LoadState
        load={history}
        isEmpty={(h) => h.orders.length === 0}
        empty="No orders yet for this customer."
      >
        {(h) => (
          <>
            <p>
              {h.orderCount} {h.orderCount === 1 ? 'order' : 'orders'}, {money.format(h.totalSpent)}{' '}
              spent
            </p>
            <table className="table">
              <thead>
                <tr>
                  <th>Order</th>
                  <th>When</th>
                  <th>Status</th>
                  <th className="num">Total</th>
                </tr>
              </thead>
              <tbody>
                {h.orders.map((o) => (
                  <tr key={o.id}>
                    <td>#{o.number}</td>
                    <td>{timeOfDay(o.createdAt, settings.locale, settings.timeZone)}</td>
                    <td>{STATUS_LABEL[o.status as OrderStatus] ?? o.status}</td>
                    <td className="num">{money.format(o.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </LoadState>
    </section>
  );
}
