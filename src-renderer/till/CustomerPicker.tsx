import { useEffect, useState, type FormEvent } from 'react';
import type { Customer } from '../../src-shared/contract/menu';
import { Dialog } from '../components/Dialog';
import { ErrorNote } from '../components/ErrorNote';
import { plainError } from '../lib/errors';
import { useAttemptKey } from '../lib/attempt-key';
import { useSession } from '../session';

/**
 * Finds a customer as the cashier types (name, phone or email, by word prefix on the server) or
 * creates one on the spot with just a name (phone and email optional).
 */
export function CustomerPicker({
  onPick,
  onClose,
}: {
  onPick(c: Customer): void;
  onClose(): void;
}) {
  const { client, can } = useSession();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Customer[] | null>(null);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const createKey = useAttemptKey();

  useEffect(() => {
    const text = q.trim();
    if (!text) return setFound(null);
    let alive = true;
    // A short pause, so typing a name is one search, not one per letter.
    const t = setTimeout(() => {
      client.listCustomers({ q: text, limit: 8 }).then(
        (r) => alive && setFound(r.customers),
        (e: unknown) => alive && setError(plainError(e).message),
      );
    }, 200);
    return () => {
      alive = false;
      clearTimeout(t);
    };
  }, [client, q]);

  async function create(e: FormEvent) {
    e.preventDefault();
    if (busy || !name.trim()) return;
    setBusy(true);
    setError(null);
    const body = {
      name: name.trim(),
      ...(phone.trim() ? { phone: phone.trim() } : {}),
      ...(email.trim() ? { email: email.trim() } : {}),
    };
    try {
      const c = await client.createCustomer(body, { idempotencyKey: createKey.get(body) });
      onPick(c);
    } catch (err) {
      createKey.failed(err);
      setError(plainError(err).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title="Customer" onClose={onClose} wide>
      <div className="customer-picker">
        <label>
          Find customer
          <input
            type="search"
            value={q}
            autoFocus
            placeholder="Name, phone or email"
            onChange={(e) => setQ(e.target.value)}
          />
        </label>
        {found !== null &&
          (found.length === 0 ? (
            <p className="muted">No customer matches “{q.trim()}”.</p>
          ) : (
            <ul className="results" aria-label="Customers found">
              {found.map((c) => (
                <li key={c.id}>
                  <button type="button" aria-label={`Attach ${c.name}`} onClick={() => onPick(c)}>
                    <strong>{c.name}</strong>
                    <span className="muted">{[c.phone, c.email].filter(Boolean).join(' · ')}</span>
                  </button>
                </li>
              ))}
            </ul>
          ))}
        {can('customers.manage') && (
          <form onSubmit={create} aria-label="New customer" className="quick-create">
            <h3>New customer</h3>
            <label>
              Name
              <input value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
            </label>
            <div className="row">
              <label className="grow">
                Phone
                <input value={phone} inputMode="tel" onChange={(e) => setPhone(e.target.value)} />
              </label>
              <label className="grow">
                Email
                <input value={email} inputMode="email" onChange={(e) => setEmail(e.target.value)} />
              </label>
            </div>
            <ErrorNote message={error} />
            <button type="submit" className="primary" disabled={busy || !name.trim()}>
              Create and attach
            </button>
          </form>
        )}
      </div>
    </Dialog>
  );
}
