import { useEffect, useState, type FormEvent } from 'react';
import type { Customer } from '../../src-shared/contract/menu';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { formErrors, NO_ERRORS, type FormErrors } from '../lib/form-errors';
import { useAttemptKey } from '../lib/attempt-key';
import { useSession } from '../session';

/**
 * A customer's name, phone and email: a new one (no `customer`) or a change to one. An emptied
 * phone or email is cleared on the server (null), not kept.
 */
export function CustomerForm({
  customer,
  onSaved,
  onCancel,
}: {
  customer: Customer | null;
  onSaved(c: Customer): void;
  onCancel?(): void;
}) {
  const { client } = useSession();
  const [name, setName] = useState(customer?.name ?? '');
  const [phone, setPhone] = useState(customer?.phone ?? '');
  const [email, setEmail] = useState(customer?.email ?? '');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const key = useAttemptKey();

  useEffect(() => {
    setName(customer?.name ?? '');
    setPhone(customer?.phone ?? '');
    setEmail(customer?.email ?? '');
    setErrors(NO_ERRORS);
  }, [customer]);

  const unchanged =
    customer !== null &&
    name === customer.name &&
    phone === (customer.phone ?? '') &&
    email === (customer.email ?? '');

  function createCustomer() {
    const body = {
      name,
      ...(phone.trim() ? { phone } : {}),
      ...(email.trim() ? { email } : {}),
    };
    return client.createCustomer(body, { idempotencyKey: key.get(body) });
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const saved = customer
        ? await client.updateCustomer({
            id: customer.id,
            name,
            phone: phone.trim() || null,
            email: email.trim() || null,
          })
        : await createCustomer();
      key.done();
      setErrors(NO_ERRORS);
      onSaved(saved);
    } catch (err) {
      key.failed(err);
      setErrors(formErrors(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="customer-form"
      aria-label={customer ? 'Customer details' : 'New customer'}
      onSubmit={(e) => void submit(e)}
    >
      <ErrorNote message={errors.message} />
      <Field label="Name" error={errors.fields.name}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label="Phone" error={errors.fields.phone} hint="Optional.">
        {(p) => (
          <input {...p} type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} />
        )}
      </Field>
      <Field label="Email" error={errors.fields.email} hint="Optional.">
        {(p) => (
          <input
            {...p}
            type="text"
            inputMode="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        )}
      </Field>
      <div className="row">
        {onCancel && (
          <button type="button" className="ghost" onClick={onCancel}>
            Cancel
          </button>
        )}
        <span className="spacer" />
        <button type="submit" className="primary" disabled={busy || unchanged}>
          {customer ? 'Save changes' : 'Add customer'}
        </button>
      </div>
    </form>
  );
}
