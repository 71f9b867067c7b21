import { useState } from 'react';
import type { Lockout } from '../../src-shared/contract/auth';
import { ErrorNote } from '../components/ErrorNote';
import { LoadState } from '../components/LoadState';
import { plainError } from '../lib/errors';
import { timeOfDay } from '../lib/time';
import type { Load } from '../lib/use-load';
import { useSession } from '../session';

/** Where failed tries came from, in words: the desktop window has no network address. */
function whereFrom(address: string | null): string {
  if (address === null) return 'any terminal';
  return address === 'ipc' ? 'this till' : address;
}

/**
 * Sign-in lockouts in force: who tried too often and until when, and a way to let them in now
 * (the clear is audit-logged on the server).
 */
export function Lockouts({
  load,
  names,
  onCleared,
}: {
  load: Load<{ lockouts: Lockout[] }>;
  names: Map<string, string>;
  onCleared(): void;
}) {
  const { client, settings } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const when = (iso: string) => timeOfDay(iso, settings.locale, settings.timeZone);

  async function clear(l: Lockout) {
    try {
      await client.clearLockout({ username: l.username, address: l.address });
      setError(null);
      setDone(`${l.username} can sign in again.`);
      onCleared();
    } catch (e) {
      setError(plainError(e).message);
    }
  }

  return (
    <section className="card lockouts" aria-label="Sign-in lockouts">
      <h3>Sign-in lockouts</h3>
      <p className="muted">
        After 5 wrong passwords or PINs in 15 minutes from one terminal, that username is locked
        there for 15 minutes, and for twice as long after each further miss. Other terminals are not
        locked by it.
      </p>
      <ErrorNote message={error} />
      {done && (
        <p className="info" role="status">
          {done}
        </p>
      )}
      <LoadState
        load={load}
        isEmpty={(d) => d.lockouts.length === 0}
        empty="No one is locked out of signing in."
      >
        {(d) => (
          <table className="table">
            <thead>
              <tr>
                <th>Username</th>
                <th>From</th>
                <th className="num">Failed tries</th>
                <th>Locked until</th>
                <th>
                  <span className="sr-only">Clear</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {d.lockouts.map((l) => (
                <tr key={`${l.username} ${l.address ?? ''}`}>
                  <td>
                    {l.username}
                    {names.get(l.username) ? (
                      <span className="muted"> ({names.get(l.username)})</span>
                    ) : (
                      <span className="muted"> (no such user)</span>
                    )}
                  </td>
                  <td>{whereFrom(l.address)}</td>
                  <td className="num">{l.failures}</td>
                  <td>{when(l.lockedUntil)}</td>
                  <td>
                    <button
                      type="button"
                      aria-label={`Clear lockout for ${l.username} from ${whereFrom(l.address)}`}
                      onClick={() => void clear(l)}
                    >
                      Clear lockout
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </LoadState>
    </section>
  );
}
