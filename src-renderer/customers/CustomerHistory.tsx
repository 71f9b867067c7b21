import { LoadState } from '../components/LoadState';
import { CustomerOrders } from './CustomerOrders';
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
  const { client, money } = useSession();
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
            <CustomerOrders orders={h.orders} />
          </>
        )}
      </LoadState>
    </section>
  );
}
