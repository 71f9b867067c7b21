import { useState, type FormEvent } from 'react';
import type { User } from '../../src-shared/contract/auth';
import { ROLES, type Role } from '../../src-shared/permissions';
import { Dialog } from '../components/Dialog';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { formErrors, NO_ERRORS, type FormErrors } from '../lib/form-errors';
import { useAttemptKey } from '../lib/attempt-key';
import { useSession } from '../session';
import { ROLE_WORDS } from './role-words';

/** A new member of staff: username, name, role, a password and (for the PIN pad) a PIN. */
export function AddStaffDialog({ onClose, onAdded }: { onClose(): void; onAdded(u: User): void }) {
  const { client } = useSession();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('cashier');
  const [password, setPassword] = useState('');
  const [pin, setPin] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  // One key per attempt: a double click or a retried request adds one user, not two.
  const key = useAttemptKey();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    try {
      const body = {
        username: username.trim().toLowerCase(),
        password,
        role,
        ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
        ...(pin ? { pin } : {}),
      };
      const user = await client.createUser(body, { idempotencyKey: key.get(body) });
      onAdded(user);
    } catch (err) {
      key.failed(err);
      const f = formErrors(err);
      // A taken username is a 409 about one field: show it there.
      const field = (err as { details?: { field?: string } }).details?.field;
      setErrors(field ? { fields: { [field]: f.message ?? '' }, message: null } : f);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title="Add a member of staff" onClose={onClose}>
      <form className="staff-form" onSubmit={(e) => void submit(e)}>
        <ErrorNote message={errors.message} />
        <Field
          label="Username"
          error={errors.fields.username}
          hint="What they type to sign in: 2–32 of a–z, 0–9, dot, dash, underscore."
        >
          {(p) => (
            <input
              {...p}
              autoComplete="off"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          )}
        </Field>
        <Field label="Name" error={errors.fields.displayName} hint="Shown on screens and receipts.">
          {(p) => (
            <input {...p} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
          )}
        </Field>
        <Field label="Role" error={errors.fields.role}>
          {(p) => (
            <select {...p} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_WORDS[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Password" error={errors.fields.password} hint="At least 8 characters.">
          {(p) => (
            <input
              {...p}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <Field
          label="PIN"
          error={errors.fields.pin}
          hint="4 to 8 digits, for the PIN pad. Optional."
        >
          {(p) => (
            <input
              {...p}
              type="password"
              inputMode="numeric"
              autoComplete="off"
              value={pin}
              onChange={(e) => setPin(e.target.value)}
            />
          )}
        </Field>
        <div className="row">
          <button type="button" className="ghost" onClick={onClose}>
            Cancel
          </button>
          <span className="spacer" />
          <button type="submit" className="primary" disabled={busy}>
            Add to staff
          </button>
        </div>
      </form>
    </Dialog>
  );
}
