import { useCallback, useEffect, useState } from 'react';
import type { InventoryItem, LedgerEntry } from '../../src-shared/contract/inventory';
import { ErrorNote } from '../components/ErrorNote';
import { plainError } from '../lib/errors';
import { timeOfDay } from '../lib/time';
import { useSession } from '../session';

const PAGE = 25;

const TYPE_WORDS: Record<LedgerEntry['type'], string> = {
  receipt: 'Received',
  adjust: 'Adjusted',
  consume: 'Used',
};

/** One item's movements, newest first, a page at a time. `version` reloads it after a change. */
export function Ledger({ item, version }: { item: InventoryItem; version: number }) {
  const { client, settings } = useSession();
  const [entries, setEntries] = useState<LedgerEntry[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    (cursor: string | null) =>
      client
        .listInventoryLedger({
          inventoryItemId: item.id,
          limit: PAGE,
          ...(cursor ? { cursor } : {}),
        })
        .then(
          (r) => {
            setEntries((old) => (cursor && old ? [...old, ...r.entries] : r.entries));
            setNext(r.nextCursor);
            setError(null);
          },
          (e: unknown) => setError(plainError(e).message),
        ),
    [client, item.id],
  );

  useEffect(() => {
    setEntries(null);
    void load(null);
  }, [load, version]);

  return (
    <section className="card" aria-label={`Ledger of ${item.name}`}>
      <h3>Ledger: {item.name}</h3>
      <ErrorNote message={error} />
      {entries === null ? (
        !error && (
          <p className="muted" role="status">
            Loading…
          </p>
        )
      ) : entries.length === 0 ? (
        <div className="empty-state">No movements yet. Receive stock or adjust it to start.</div>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>When</th>
              <th>What</th>
              <th className="num">Change</th>
              <th className="num">Balance</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{timeOfDay(e.at, settings.locale, settings.timeZone)}</td>
                <td>{TYPE_WORDS[e.type]}</td>
                <td className="num">
                  {e.quantity > 0 ? '+' : ''}
                  {e.quantity} {item.unit}
                </td>
                <td className="num">
                  {e.balanceAfter} {item.unit}
                </td>
                <td>{e.reason ?? (e.orderId ? 'Order' : '')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <button type="button" onClick={() => void load(next)}>
          Load more
        </button>
      )}
    </section>
  );
}
