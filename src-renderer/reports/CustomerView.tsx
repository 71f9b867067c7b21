import { useState } from 'react';
import type { Customer } from '../../src-shared/contract/menu';
import { Field } from '../components/Field';
import { LoadState } from '../components/LoadState';
import { CustomerOrders } from '../customers/CustomerOrders';
import { useLoad } from '../lib/use-load';
import { useSession } from '../session';
import { CsvButton } from './CsvButton';
import { Kpi } from './Kpi';

/** Pick a customer (search by name, phone or email), then their orders and what they spent. */
export function CustomerView() {
  const { client, money } = useSession();
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<Customer | null>(null);
  const found = useLoad(() => client.listCustomers({ q: q.trim(), limit: 20 }), [client, q]);
  const history = useLoad(
    () =>
      picked ? client.customerHistoryReport({ customerId: picked.id }) : Promise.resolve(null),
    [client, picked],
  );

  return (
    <div className="customer-report">
      <section className="card" aria-label="Choose a customer">
        <Field label="Find customer" hint="Name, phone or email">
          {(p) => <input {...p} type="search" value={q} onChange={(e) => setQ(e.target.value)} />}
        </Field>
        <LoadState
          load={found}
          isEmpty={(d) => d.customers.length === 0}
          empty={<p>No customer matches. Customers are added at the till or under Customers.</p>}
        >
          {(d) => (
            <ul className="customer-pick">
              {d.customers.map((c) => (
                <li key={c.id}>
                  <button
                    type="button"
                    aria-pressed={picked?.id === c.id}
                    onClick={() => setPicked(c)}
                  >
                    {c.name}
                    {c.phone ? <span className="muted"> · {c.phone}</span> : null}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </LoadState>
      </section>
      {picked === null ? (
        <p className="muted">Choose a customer to see their history.</p>
      ) : (
        <LoadState load={history} isEmpty={() => false} empty={null}>
          {(h) =>
            h && (
              <section className="card" aria-label={`History of ${h.customer.name}`}>
                <div className="toolbar">
                  <h3>{h.customer.name}</h3>
                  <CsvButton
                    op="customerHistoryReport"
                    input={{ customerId: h.customer.id }}
                    fileName={`customer-${h.customer.name.replace(/\W+/g, '-')}.csv`}
                  />
                </div>
                <div className="kpis">
                  <Kpi label="Orders" value={String(h.orderCount)} />
                  <Kpi label="Total spent" value={money.format(h.totalSpent)} strong />
                </div>
                {h.orders.length === 0 ? (
                  <p className="muted">No orders yet.</p>
                ) : (
                  <CustomerOrders orders={h.orders} />
                )}
              </section>
            )
          }
        </LoadState>
      )}
    </div>
  );
}
