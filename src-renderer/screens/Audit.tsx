import { useCallback, useEffect, useState } from 'react';
import { FilterToolbar } from '../components/FilterToolbar';
import { AUDIT_TYPES, type AuditEntry, type AuditType } from '../../src-shared/contract/audit';
import { ErrorNote } from '../components/ErrorNote';
import { plainError } from '../lib/errors';
import { timeOfDay } from '../lib/time';
import { useSession } from '../session';

export const AUDIT_PAGE = 25;

const TYPE_LABEL: Record<AuditType, string> = {
  refund: 'Refund',
  cancel: 'Cancel',
  discount: 'Discount',
  no_sale: 'No sale',
  cash_move: 'Cash in/out',
  cash_close: 'Drawer close',
  user_create: 'User created',
  user_change: 'User changed',
  permission_change: 'Permissions',
  lockout_clear: 'Lockout cleared',
  restore: 'Restore',
  settings_change: 'Settings',
  approval: 'Manager approval',
  stock_item_change: 'Stock item changed',
  reprint: 'Receipt reprint',
};

/** Detail fields that hold money (minor units) and read better as money. */
const MONEY_KEYS = new Set([
  'amount',
  'total',
  'expected',
  'counted',
  'variance',
  'totalBefore',
  'totalAfter',
]);

/**
 * The audit log, newest first: who did what sensitive thing (refunds, cancels, discounts, drawer
 * opens, closes, approvals…), a type filter and "Load more" paging with the server's cursor.
 */
export function Audit() {
  const { client, money, settings, user, can } = useSession();
  const [type, setType] = useState<AuditType | ''>('');
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [names, setNames] = useState<Map<string, string>>(new Map([[user.id, user.displayName]]));
  const [error, setError] = useState<string | null>(null);

  // Names for ids: the list of users needs users.manage (admins); others see their own name
  // and a short id for everyone else.
  useEffect(() => {
    if (!can('users.manage')) return;
    client.listUsers({}).then(
      (r) => setNames(new Map(r.users.map((u) => [u.id, u.displayName]))),
      () => undefined,
    );
  }, [client, can]);

  const load = useCallback(
    async (after?: string) => {
      try {
        const res = await client.listAudit({
          limit: AUDIT_PAGE,
          ...(type ? { type } : {}),
          ...(after ? { cursor: after } : {}),
        });
        setEntries((prev) => (after ? [...prev, ...res.entries] : res.entries));
        setCursor(res.nextCursor);
        setError(null);
      } catch (e) {
        setError(plainError(e).message);
      }
    },
    [client, type],
  );

  useEffect(() => {
    void load();
  }, [load]);

  const who = (id: string | null, name?: string | null) =>
    id === null ? '—' : (name ?? names.get(id) ?? `user ${id.slice(0, 8)}`);
  const detail = (d: Record<string, unknown>) =>
    Object.entries(d)
      // Ids (orderId, refundId…) are for machines; the screen keeps what a person reads.
      .filter(([k, v]) => v !== null && v !== undefined && typeof v !== 'object' && !/Id$/.test(k))
      .map(
        ([k, v]) =>
          `${k}: ${MONEY_KEYS.has(k) && typeof v === 'number' ? money.format(v) : String(v)}`,
      )
      .join(' · ');

  return (
    <section className="audit" aria-label="Audit log">
      <FilterToolbar
        title="Audit log"
        label="Type"
        value={type}
        options={AUDIT_TYPES}
        optionLabel={(v) => TYPE_LABEL[v]}
        onChange={setType}
        onRefresh={() => void load()}
      />
      <ErrorNote message={error} />
      <table className="table">
        <thead>
          <tr>
            <th>Time</th>
            <th>What</th>
            <th>Who</th>
            <th>Approved by</th>
            <th>Reason</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td className="nowrap">{timeOfDay(e.at, settings.locale, settings.timeZone)}</td>
              <td>
                <span className={`badge a-${e.type}`}>{TYPE_LABEL[e.type]}</span>
              </td>
              <td>{who(e.actorId, e.actorName)}</td>
              <td>{e.approverId ? who(e.approverId, e.approverName) : ''}</td>
              <td>{e.reason ?? ''}</td>
              <td className="details">{detail(e.details)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries.length === 0 && !error && <p className="muted empty">Nothing recorded.</p>}
      {cursor && (
        <button type="button" className="ghost" onClick={() => void load(cursor)}>
          Load more
        </button>
      )}
    </section>
  );
}
