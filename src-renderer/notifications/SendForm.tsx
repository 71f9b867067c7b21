import { useState, type FormEvent } from 'react';
import type { NotificationLevel } from '../../src-shared/contract/notifications';
import { ROLES, type Role } from '../../src-shared/permissions';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { useAttemptKey } from '../lib/attempt-key';
import { formErrors, NO_ERRORS, type FormErrors } from '../lib/form-errors';
import { useSession } from '../session';

const LEVELS: { id: NotificationLevel; label: string }[] = [
  { id: 'info', label: 'Info' },
  { id: 'warning', label: 'Warning' },
  { id: 'critical', label: 'Critical' },
];

const ROLE_WORDS: Record<Role, string> = {
  admin: 'Admins',
  manager: 'Managers',
  cashier: 'Cashiers',
  kitchen: 'Kitchen',
};

/** Send a notification to everyone or to some roles (`notifications.manage`). */
export function SendForm({ onSent }: { onSent(deliveries: number): void }) {
  const { client } = useSession();
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [level, setLevel] = useState<NotificationLevel>('info');
  const [roles, setRoles] = useState<Role[]>([]);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const key = useAttemptKey();
  const edit =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      key.reset();
      set(v);
    };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const n = await client.createNotification(
        {
          title,
          ...(body.trim() ? { body } : {}),
          level,
          ...(roles.length ? { audience: { roles } } : {}),
        },
        { idempotencyKey: key.get() },
      );
      key.done();
      setTitle('');
      setBody('');
      setRoles([]);
      onSent(n.deliveries);
    } catch (err) {
      key.failed(err);
      setErrors(formErrors(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card send-form" aria-label="Send a notification" onSubmit={submit}>
      <h3>Send a notification</h3>
      <ErrorNote message={errors.message} />
      <Field label="Title" error={errors.fields.title}>
        {(p) => <input {...p} value={title} onChange={(e) => edit(setTitle)(e.target.value)} />}
      </Field>
      <Field label="Message" error={errors.fields.body}>
        {(p) => (
          <textarea {...p} rows={3} value={body} onChange={(e) => edit(setBody)(e.target.value)} />
        )}
      </Field>
      <Field label="Level" error={errors.fields.level}>
        {(p) => (
          <select
            {...p}
            value={level}
            onChange={(e) => edit(setLevel)(e.target.value as NotificationLevel)}
          >
            {LEVELS.map((l) => (
              <option key={l.id} value={l.id}>
                {l.label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset className="audience">
        <legend>Who gets it (none ticked: everyone)</legend>
        {ROLES.map((r) => (
          <label key={r} className="option">
            <input
              type="checkbox"
              checked={roles.includes(r)}
              onChange={(e) =>
                edit(setRoles)(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))
              }
            />
            <span>{ROLE_WORDS[r]}</span>
          </label>
        ))}
      </fieldset>
      {errors.fields['audience.roles'] && (
        <small className="field-error">{errors.fields['audience.roles']}</small>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          Send
        </button>
      </div>
    </form>
  );
}
