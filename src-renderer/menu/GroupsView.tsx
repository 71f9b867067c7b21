import { useState } from 'react';
import type { ModifierGroup } from '../../src-shared/contract/modifiers';
import { ErrorNote } from '../components/ErrorNote';
import { LoadState } from '../components/LoadState';
import { plainError } from '../lib/errors';
import type { Load } from '../lib/use-load';
import { useSession } from '../session';
import { ruleText } from '../till/modifiers';
import { GroupEditor } from './GroupEditor';

/**
 * Modifier groups with their options, price extras and the items that offer them; archived ones
 * (the till no longer asks them) listed apart, to bring back. `load` includes the archived.
 */
export function GroupsView({
  load,
  itemName,
}: {
  load: Load<ModifierGroup[]>;
  /** Names for the items that offer a group (read by id, a page of the menu at a time). */
  itemName(id: string): string | undefined;
}) {
  const { client, money } = useSession();
  const [editing, setEditing] = useState<ModifierGroup | 'new' | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function setArchived(g: ModifierGroup, archived: boolean) {
    if (busy) return;
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      await client.updateModifierGroup({ id: g.id, archived });
      setNote(
        archived
          ? `${g.name} is archived: the till no longer asks it.`
          : `${g.name} is back: the till asks it again for the items that offer it.`,
      );
      load.reload();
    } catch (e) {
      setError(plainError(e).message);
    } finally {
      setBusy(false);
    }
  }
  const names = (g: ModifierGroup) =>
    g.menuItemIds.map((id) => itemName(id)).filter((n): n is string => n !== undefined);

  return (
    <div className="menu-pane">
      <div className="toolbar">
        <p className="muted grow">
          Choices the till asks for an item: a size, a milk, extras. Each option can cost extra.
        </p>
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          New modifier group
        </button>
      </div>
      {note && (
        <p className="info" role="status">
          {note}
        </p>
      )}
      <ErrorNote message={error} />
      <LoadState
        load={load}
        isEmpty={(l) => l.length === 0}
        empty={<p>No modifier groups yet. “New modifier group” adds one (Size: Regular, Large).</p>}
      >
        {(all) => (
          <>
            <div className="menu-groups">
              {all
                .filter((g) => !g.archived)
                .map((g) => (
                  <section className="card" key={g.id} aria-label={g.name}>
                    <div className="toolbar">
                      <h3>{g.name}</h3>
                      <span className="badge">{g.required ? 'Required' : 'Optional'}</span>
                      {ruleText(g) !== 'optional' && <span className="muted">{ruleText(g)}</span>}
                      <span className="menu-group-actions">
                        <button
                          type="button"
                          className="ghost"
                          aria-label={`Edit ${g.name}`}
                          onClick={() => setEditing(g)}
                        >
                          Edit
                        </button>
                        <button
                          type="button"
                          className="ghost"
                          aria-label={`Archive ${g.name}`}
                          disabled={busy}
                          onClick={() => void setArchived(g, true)}
                        >
                          Archive
                        </button>
                      </span>
                    </div>
                    <ul className="menu-options">
                      {g.options.map((o) => (
                        <li key={o.id}>
                          <span>{o.name}</span>
                          <span className="muted">
                            {o.priceDelta > 0 ? `+${money.format(o.priceDelta)}` : 'no extra'}
                          </span>
                          {!o.available && <span className="badge">sold out</span>}
                        </li>
                      ))}
                    </ul>
                    <p className="muted">
                      {g.menuItemIds.length === 0
                        ? 'Not offered by any item yet.'
                        : `Offered by ${g.menuItemIds.length} item${g.menuItemIds.length === 1 ? '' : 's'}${
                            names(g).length > 0 ? `: ${names(g).join(', ')}` : ''
                          }.`}
                    </p>
                  </section>
                ))}
            </div>
            <section className="card menu-archived-groups" aria-label="Archived modifier groups">
              <h3>Archived modifier groups</h3>
              {all.some((g) => g.archived) ? (
                <ul>
                  {all
                    .filter((g) => g.archived)
                    .map((g) => (
                      <li key={g.id}>
                        <span>{g.name}</span>
                        <span className="muted grow">
                          {g.options.map((o) => o.name).join(', ')}
                        </span>
                        <button
                          type="button"
                          aria-label={`Bring back ${g.name}`}
                          disabled={busy}
                          onClick={() => void setArchived(g, false)}
                        >
                          Bring back
                        </button>
                      </li>
                    ))}
                </ul>
              ) : (
                <p className="muted">
                  None. An archived group is kept for old orders and can come back.
                </p>
              )}
            </section>
          </>
        )}
      </LoadState>
      {editing && (
        <GroupEditor
          group={editing === 'new' ? null : editing}
          itemNames={editing === 'new' ? [] : names(editing)}
          onClose={() => setEditing(null)}
          onSaved={(g) => {
            setEditing(null);
            setNote(`${g.name} is saved.`);
            load.reload();
          }}
        />
      )}
    </div>
  );
}
