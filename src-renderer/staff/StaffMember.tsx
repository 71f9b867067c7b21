import { useEffect, useId, useState, type FormEvent } from 'react';
import type { User } from '../../src-shared/contract/auth';
import {
  effectivePermissions,
  PERMISSIONS,
  ROLE_PERMISSIONS,
  ROLES,
  type Permission,
  type Role,
} from '../../src-shared/permissions';
import { ErrorNote } from '../components/ErrorNote';
import { Field } from '../components/Field';
import { formErrors, NO_ERRORS, PERMISSION_WORDS, type FormErrors } from '../lib/form-errors';
import { useSession } from '../session';
import { ROLE_WORDS } from './role-words';
import { lastAdminReason, normalise } from './who-manages';

/**
 * One member of staff: name, role and permissions (in words, with what the role gives), new
 * credentials, and switching the account off or on. Each part saves on its own.
 */
export function StaffMember({
  user,
  users,
  onSaved,
}: {
  user: User;
  users: User[];
  onSaved(u: User, note: string): void;
}) {
  const { client, user: me } = useSession();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [role, setRole] = useState<Role>(user.role);
  const [extra, setExtra] = useState<Permission[]>(user.extraPermissions);
  const [revoked, setRevoked] = useState<Permission[]>(user.revokedPermissions);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [pin, setPin] = useState('');
  const [password, setPassword] = useState('');
  const [credErrors, setCredErrors] = useState<FormErrors>(NO_ERRORS);
  const [statusError, setStatusError] = useState<string | null>(null);
  const whyId = useId();

  // Another member chosen, or this one saved: the form starts from what the server has.
  useEffect(() => {
    setDisplayName(user.displayName);
    setRole(user.role);
    setExtra(user.extraPermissions);
    setRevoked(user.revokedPermissions);
    setErrors(NO_ERRORS);
    setCredErrors(NO_ERRORS);
    setStatusError(null);
    setPin('');
    setPassword('');
  }, [user]);

  const effective = effectivePermissions(role, extra, revoked);
  const next = { role, status: user.status, ...normalise(role, extra, revoked) };
  const accessWhy = lastAdminReason(users, user, next);
  const switchOffWhy =
    user.status === 'active'
      ? lastAdminReason(users, user, { ...user, status: 'deactivated' })
      : null;
  const accessChanged =
    displayName !== user.displayName ||
    role !== user.role ||
    JSON.stringify(next.extraPermissions) !== JSON.stringify(user.extraPermissions) ||
    JSON.stringify(next.revokedPermissions) !== JSON.stringify(user.revokedPermissions);

  function toggle(p: Permission, on: boolean) {
    const fromRole = ROLE_PERMISSIONS[role].includes(p);
    if (fromRole) setRevoked((r) => (on ? r.filter((x) => x !== p) : [...r, p]));
    else setExtra((x) => (on ? [...x, p] : x.filter((y) => y !== p)));
  }

  async function saveAccess(e: FormEvent) {
    e.preventDefault();
    try {
      const saved = await client.updateUser({
        id: user.id,
        displayName: displayName.trim(),
        role,
        extraPermissions: next.extraPermissions,
        revokedPermissions: next.revokedPermissions,
      });
      onSaved(saved, `${saved.displayName}: name, role and permissions saved.`);
    } catch (err) {
      setErrors(formErrors(err));
    }
  }

  async function setCredential(kind: 'pin' | 'password', value: string | null) {
    try {
      const saved = await client.updateUser(
        kind === 'pin' ? { id: user.id, pin: value } : { id: user.id, password: value ?? '' },
      );
      const what =
        kind === 'password' ? 'New password set' : value === null ? 'PIN removed' : 'New PIN set';
      onSaved(saved, `${saved.displayName}: ${what}. Their earlier sign-ins have ended.`);
    } catch (err) {
      setCredErrors(formErrors(err));
    }
  }

  async function setStatus(status: User['status']) {
    try {
      const saved = await client.updateUser({ id: user.id, status });
      onSaved(
        saved,
        status === 'active'
          ? `${saved.displayName} can sign in again.`
          : `${saved.displayName} is switched off and signed out everywhere.`,
      );
    } catch (err) {
      setStatusError(formErrors(err).message);
    }
  }

  return (
    <section
      className="detail-pane staff-member"
      aria-label={`Member of staff ${user.displayName}`}
    >
      <h3>
        {user.displayName} <span className="muted">({user.username})</span>
        {user.status === 'deactivated' && <span className="badge off">Switched off</span>}
      </h3>

      <div className="status-part">
        <ErrorNote message={statusError} />
        {user.status === 'active' ? (
          <>
            <button
              type="button"
              className="danger"
              disabled={switchOffWhy !== null}
              aria-describedby={switchOffWhy ? `${whyId}-off` : undefined}
              onClick={() => void setStatus('deactivated')}
            >
              Switch off this account
            </button>
            {switchOffWhy ? (
              <p className="why" id={`${whyId}-off`}>
                {switchOffWhy}
              </p>
            ) : (
              <p className="muted">They are signed out everywhere and cannot sign in.</p>
            )}
          </>
        ) : (
          <button type="button" onClick={() => void setStatus('active')}>
            Switch this account back on
          </button>
        )}
      </div>

      <form onSubmit={(e) => void saveAccess(e)} className="staff-form">
        <ErrorNote message={errors.message} />
        <div className="pair">
          <Field label="Name" error={errors.fields.displayName}>
            {(p) => (
              <input {...p} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
            )}
          </Field>
          <Field label="Role" error={errors.fields.role}>
            {(p) => (
              <select
                {...p}
                value={role}
                onChange={(e) => {
                  const r = e.target.value as Role;
                  const n = normalise(r, extra, revoked);
                  setRole(r);
                  setExtra(n.extraPermissions);
                  setRevoked(n.revokedPermissions);
                }}
              >
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_WORDS[r]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <fieldset className="permissions">
          <legend>
            What {user.id === me.id ? 'you' : 'they'} may do ({effective.length} of{' '}
            {PERMISSIONS.length})
          </legend>
          {PERMISSIONS.map((p) => {
            const fromRole = ROLE_PERMISSIONS[role].includes(p);
            const on = effective.includes(p);
            const mark = fromRole ? (on ? '' : 'taken away') : on ? 'added' : '';
            return (
              <label key={p} className={`perm${mark ? ' changed' : ''}`}>
                <input type="checkbox" checked={on} onChange={(e) => toggle(p, e.target.checked)} />
                <span>
                  {PERMISSION_WORDS[p] ?? p}
                  {mark && <span className="muted"> ({mark})</span>}
                </span>
              </label>
            );
          })}
        </fieldset>
        {accessWhy && (
          <p className="why" id={`${whyId}-access`}>
            {accessWhy}
          </p>
        )}
        <div className="row">
          <span className="spacer" />
          <button
            type="submit"
            className="primary"
            disabled={!accessChanged || accessWhy !== null}
            aria-describedby={accessWhy ? `${whyId}-access` : undefined}
          >
            Save name, role and permissions
          </button>
        </div>
      </form>

      <div className="credentials">
        <h4>Sign-in</h4>
        <ErrorNote message={credErrors.message} />
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void setCredential('pin', pin);
          }}
        >
          <Field label="New PIN" error={credErrors.fields.pin} className="grow">
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
          <button type="submit" disabled={!pin}>
            Set PIN
          </button>
          {user.hasPin && (
            <button type="button" className="ghost" onClick={() => void setCredential('pin', null)}>
              Remove PIN
            </button>
          )}
        </form>
        <p className="muted">{user.hasPin ? 'Has a PIN for the PIN pad.' : 'No PIN yet.'}</p>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void setCredential('password', password);
          }}
        >
          <Field label="New password" error={credErrors.fields.password} className="grow">
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
          <button type="submit" disabled={!password}>
            Set password
          </button>
        </form>
      </div>
    </section>
  );
}
