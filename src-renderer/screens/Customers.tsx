import { useState } from 'react';
import type { Customer } from '../../src-shared/contract/menu';
import { Field } from '../components/Field';
import { LoadState } from '../components/LoadState';
import { CustomerForm } from '../customers/CustomerForm';
import { CustomerHistory } from '../customers/CustomerHistory';
import { useLoad } from '../lib/use-load';
import { useSession } from '../session';
import './customers.css';

/**
 * The shop's customers: search by name, phone or email (the server's word-prefix search), add
 * one, change one, and see what they ordered (when the user may see reports).
 */
export function Customers() {
  const { client } = useSession();
  const [q, setQ] = useState('');
  const [tick, setTick] = useState(0);
  const list = useLoad(
    () => client.listCustomers(q.trim() ? { q: q.trim() } : {}),
    [client, q, tick],
  );
  const [chosen, setChosen] = useState<Customer | null>(null);
  const [adding, setAdding] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  const saved = (c: Customer, text: string) => {
    setChosen(c);
    setAdding(false);
    setNote(text);
    setTick((t) => t + 1);
  };

  return (
    <section className="customers" aria-label="Customers">
      <div className="toolbar">
        <h2>Customers</h2>
        <Field label="Search customers" className="grow">
          {(p) => (
            <input
              {...p}
              type="search"
              placeholder="Name, phone or email"
              value={q}
              onChange={(e) => setQ(e.target.value)}
            />
          )}
        </Field>
        <button
          type="button"
          className="primary"
          onClick={() => {
            setAdding(true);
            setChosen(null);
            setNote(null);
          }}
        >
          Add a customer
        </button>
      </div>
      {note && (
        <p className="info" role="status">
          {note}
        </p>
      )}
      <div className="customers-layout">
        <section className="list-pane" aria-label="Customer list">
          <LoadState
            load={list}
            isEmpty={(d) => d.customers.length === 0}
            empty={
              q.trim() ? `No customer matches “${q.trim()}”.` : 'No customers yet: add the first.'
            }
          >
            {(d) => (
              <table className="table">
                <thead>
                  <tr>
                    <th>Name</th>
                    <th>Phone</th>
                    <th>Email</th>
                  </tr>
                </thead>
                <tbody>
                  {d.customers.map((c) => (
                    <tr key={c.id} aria-selected={c.id === chosen?.id}>
                      <td>
                        <button
                          type="button"
                          className="link"
                          aria-label={`Open ${c.name}`}
                          onClick={() => {
                            setChosen(c);
                            setAdding(false);
                            setNote(null);
                          }}
                        >
                          {c.name}
                        </button>
                      </td>
                      <td>{c.phone ?? ''}</td>
                      <td>{c.email ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </LoadState>
        </section>
        <section className="detail-pane" aria-label="Customer">
          {adding ? (
            <>
              <h3>New customer</h3>
              <CustomerForm
                customer={null}
                onCancel={() => setAdding(false)}
                onSaved={(c) => saved(c, `${c.name} was added.`)}
              />
            </>
          ) : chosen ? (
            <>
              <h3>{chosen.name}</h3>
              <CustomerForm customer={chosen} onSaved={(c) => saved(c, `${c.name} was saved.`)} />
              <CustomerHistory customerId={chosen.id} version={chosen.updatedAt} />
            </>
          ) : (
            <p className="muted">Choose a customer to change their details or see their orders.</p>
          )}
        </section>
      </div>
    </section>
  );
}
