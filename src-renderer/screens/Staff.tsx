import { useMemo, useState } from 'react';
import type { User } from '../../src-shared/contract/auth';
import { ROLE_PERMISSIONS } from '../../src-shared/permissions';
import { LoadState } from '../components/LoadState';
import { timeOfDay } from '../lib/time';
import { useLoad } from '../lib/use-load';
import { useSession } from '../session';
import { AddStaffDialog } from '../staff/AddStaffDialog';
import { Lockouts } from '../staff/Lockouts';
import { ROLE_NAMES, ROLE_WORDS } from '../staff/role-words';
import { StaffMember } from '../staff/StaffMember';
import './staff.css';

/** How a user's permissions differ from their role's, in a few words for the list. */
function adjustments(u: User): string {
  const parts = [];
  if (u.extraPermissions.length) parts.push(`+${u.extraPermissions.length}`);
  const revoked = u.revokedPermissions.filter((p) => ROLE_PERMISSIONS[u.role].includes(p));
  if (revoked.length) parts.push(`−${revoked.length}`);
  return parts.length ? `${parts.join(' ')} permissions` : '';
}

/**
 * The staff: everyone who can sign in, with their role and status; one chosen member's editor
 * beside the list; sign-in lockouts above it. Needs users.manage (the server checks each call).
 */
export function Staff() {
  const { client, settings, serves } = useSession();
  const users = useLoad(() => client.listUsers({}), [client]);
  // Lockouts are counted where people sign in, on each till: the hub's office has none to show.
  const hasLockouts = serves('listLockouts');
  const lockouts = useLoad(
    () => (hasLockouts ? client.listLockouts({}) : Promise.resolve({ lockouts: [] })),
    [client, hasLockouts],
  );
  const [chosen, setChosen] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  const list = users.data?.users ?? [];
  const current = list.find((u) => u.id === chosen) ?? null;
  const names = useMemo(() => new Map(list.map((u) => [u.username, u.displayName])), [list]);
  const locked = new Set(lockouts.data?.lockouts.map((l) => l.username));

  return (
    <section className="staff" aria-label="Staff">
      <div className="toolbar">
        <h2>Staff</h2>
        <span className="spacer" />
        <button type="button" className="primary" onClick={() => setAdding(true)}>
          Add a member of staff
        </button>
      </div>
      {note && (
        <p className="info" role="status">
          {note}
        </p>
      )}
      <div className="staff-layout">
        <div className="staff-lists">
          <section className="list-pane" aria-label="Everyone">
            <LoadState
              load={users}
              isEmpty={(d) => d.users.length === 0}
              empty="No one yet: add the first member of staff."
            >
              {(d) => (
                <table className="table">
                  <thead>
                    <tr>
                      <th>Name</th>
                      <th>Role</th>
                      <th>Status</th>
                      <th>PIN</th>
                      <th>Last sign-in</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.users.map((u) => (
                      <tr key={u.id} aria-selected={u.id === chosen}>
                        <td>
                          <button
                            type="button"
                            className="link"
                            aria-label={`Open ${u.displayName}`}
                            onClick={() => setChosen(u.id)}
                          >
                            {u.displayName}
                          </button>
                          <small className="muted">{u.username}</small>
                        </td>
                        <td>
                          {ROLE_NAMES[u.role]}
                          {adjustments(u) && <small className="muted">{adjustments(u)}</small>}
                        </td>
                        <td>
                          {u.status === 'active' ? (
                            <span className="badge on">Active</span>
                          ) : (
                            <span className="badge off">Switched off</span>
                          )}
                          {locked.has(u.username) && (
                            <span className="badge locked">Locked out</span>
                          )}
                        </td>
                        <td>{u.hasPin ? 'Yes' : 'No'}</td>
                        <td>
                          {u.lastSignInAt
                            ? timeOfDay(u.lastSignInAt, settings.locale, settings.timeZone)
                            : 'Not known'}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </LoadState>
          </section>
          {hasLockouts && <Lockouts load={lockouts} names={names} onCleared={lockouts.reload} />}
        </div>
        {current ? (
          <StaffMember
            user={current}
            users={list}
            onSaved={(u, text) => {
              setNote(text);
              setChosen(u.id);
              users.reload();
            }}
          />
        ) : (
          <section className="detail-pane" aria-label="Member of staff">
            <p className="muted">
              Choose someone in the list to change their role, permissions, PIN or password.
            </p>
          </section>
        )}
      </div>
      {adding && (
        <AddStaffDialog
          onClose={() => setAdding(false)}
          onAdded={(u) => {
            setAdding(false);
            setNote(`${u.displayName} was added as ${ROLE_WORDS[u.role].toLowerCase()}.`);
            setChosen(u.id);
            users.reload();
          }}
        />
      )}
    </section>
  );
}
