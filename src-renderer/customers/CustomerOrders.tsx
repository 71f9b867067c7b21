import type { CustomerHistory } from '../../src-shared/contract/reports';
import type { OrderStatus } from '../../src-shared/order-states';
import { STATUS_LABEL } from '../lib/status';
import { timeOfDay } from '../lib/time';
import { useSession } from '../session';

/** A customer's orders, newest first as the report gives them (Customers screen and Reports). */
export function CustomerOrders({ orders }: { orders: CustomerHistory['orders'] }) {
  const { money, settings } = useSession();
  return (
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
        {orders.map((o) => (
          <tr key={o.id}>
            <td>#{o.number}</td>
            <td>{timeOfDay(o.createdAt, settings.locale, settings.timeZone)}</td>
            <td>{STATUS_LABEL[o.status as OrderStatus] ?? o.status}</td>
            <td className="num">{money.format(o.total)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
