import { useState } from 'react';
import type { ModifierGroup } from '../../src-shared/contract/modifiers';
import { LoadState } from '../components/LoadState';
import type { Load } from '../lib/use-load';
import { useSession } from '../session';
import { ruleText } from '../till/modifiers';
import { GroupEditor } from './GroupEditor';

/** Modifier groups with their options, price extras and the items that offer them. */
export function GroupsView({
  load,
  itemName,
}: {
  load: Load<ModifierGroup[]>;
  /** Names for the items that offer a group (read by id, a page of the menu at a time). */
  itemName(id: string): string | undefined;
}) {
  const { money } = useSession();
  const [editing, setEditing] = useState<ModifierGroup | 'new' | null>(null);
  const [note, setNote] = useState<string | null>(null);
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
      <LoadState
        load={load}
        isEmpty={(l) => l.length === 0}
        empty={<p>No modifier groups yet. “New modifier group” adds one (Size: Regular, Large).</p>}
      >
        {(list) => (
          <div className="menu-groups">
            {list.map((g) => (
              <section className="card" key={g.id} aria-label={g.name}>
                <div className="toolbar">
                  <h3>{g.name}</h3>
                  <span className="badge">{g.required ? 'Required' : 'Optional'}</span>
                  {ruleText(g) !== 'optional' && <span className="muted">{ruleText(g)}</span>}
                  <span className="spacer" />
                  <button
                    type="button"
                    className="ghost"
                    aria-label={`Edit ${g.name}`}
                    onClick={() => setEditing(g)}
                  >
                    Edit
                  </button>
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
