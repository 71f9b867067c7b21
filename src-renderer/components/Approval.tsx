import { useCallback, useState, type FormEvent, type ReactNode } from 'react';
import type { Permission } from '../../src-shared/permissions';
import { ApiError, type Approval } from '../api/client';
import { plainError } from '../lib/errors';
import { useSession } from '../session';
import { Dialog } from './Dialog';
import { ErrorNote } from './ErrorNote';
import { PinPad } from './PinPad';

/** A request that may need a manager: it is called with the approval when one was given. */
export type GatedCall<T> = (opts: { approval?: Approval }) => Promise<T>;

/**
 * Answers the approval dialog must keep to itself (the manager tries again), as opposed to
 * refusals of the action itself, which go back to the screen that asked.
 */
const APPROVAL_ERRORS = new Set(['approval_denied', 'too_many_attempts', 'forbidden']);

interface Pending {
  what: string;
  call: GatedCall<unknown>;
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

/**
 * Runs an action the signed-in user may lack the permission for. With the permission it simply
 * runs; without it a "Manager approval" dialog asks for a manager's username and PIN and sends
 * them WITH the request (the server checks them; nothing is remembered afterwards, so the next
 * gated action asks again). Resolves to null when the cashier cancels.
 */
export function useManagerApproval(): {
  gated<T>(needs: Permission, what: string, call: GatedCall<T>): Promise<T | null>;
  dialog: ReactNode;
} {
  const { can } = useSession();
  const [pending, setPending] = useState<Pending | null>(null);

  const gated = useCallback(
    <T,>(needs: Permission, what: string, call: GatedCall<T>): Promise<T | null> => {
      if (can(needs)) return call({});
      return new Promise<T | null>((resolve, reject) =>
        setPending({
          what,
          call,
          resolve: resolve as (v: unknown) => void,
          reject,
        }),
      );
    },
    [can],
  );

  const dialog = pending ? (
    <ApprovalDialog
      key={pending.what}
      what={pending.what}
      onCancel={() => {
        setPending(null);
        pending.resolve(null);
      }}
      onApprove={async (approval) => {
        try {
          const v = await pending.call({ approval });
          setPending(null);
          pending.resolve(v);
          return null;
        } catch (e) {
          if (e instanceof ApiError && APPROVAL_ERRORS.has(e.code)) {
            return e.code === 'forbidden'
              ? 'That manager may not approve this either.'
              : plainError(e).message;
          }
          setPending(null);
          pending.reject(e);
          return null;
        }
      }}
    />
  ) : null;
  return { gated, dialog };
}

function ApprovalDialog({
  what,
  onCancel,
  onApprove,
}: {
  what: string;
  onCancel(): void;
  /** Resolves to an error to show (the dialog stays open), or null when done. */
  onApprove(a: Approval): Promise<string | null>;
}) {
  const [username, setUsername] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy || !username.trim() || !pin) return;
    setBusy(true);
    setError(null);
    const err = await onApprove({ username: username.trim(), pin });
    // The PIN never stays on screen after an attempt, right or wrong.
    setPin('');
    setBusy(false);
    if (err) setError(err);
  }

  return (
    <Dialog title="Manager approval" onClose={onCancel}>
      <form className="approval" onSubmit={submit} aria-label="Manager approval">
        <p>
          <strong>{what}</strong> needs a manager. Ask one to enter their username and PIN.
        </p>
        <label>
          Manager username
          <input
            value={username}
            autoComplete="off"
            autoFocus
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label className="pin-field">
          Manager PIN
          <input
            type="password"
            inputMode="numeric"
            autoComplete="off"
            value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))}
          />
        </label>
        <PinPad value={pin} onChange={setPin} />
        <ErrorNote message={error} />
        <div className="row">
          <button type="button" className="ghost big grow" onClick={onCancel}>
            Cancel
          </button>
          <button
            type="submit"
            className="primary big grow"
            disabled={busy || !username.trim() || !pin}
          >
            {busy ? 'Checking…' : 'Approve'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
