import { useState } from 'react';
import type { ModifierGroup } from '../../src-shared/contract/modifiers';
import type { MenuItem } from '../../src-shared/contract/menu';
import { Dialog } from '../components/Dialog';
import { ErrorNote } from '../components/ErrorNote';
import { useSession } from '../session';
import type { ChosenModifier } from './cart';
import { choiceProblem, chosenOptions, ruleText } from './modifiers';

/**
 * Size, milk, extras… for one item: a radio list where one choice is allowed, check boxes where
 * several are, each option with what it adds to the price. "Add to sale" refuses (in words) while
 * a required group has no choice.
 */
export function ModifierPicker({
  item,
  groups,
  onAdd,
  onClose,
}: {
  item: MenuItem;
  groups: ModifierGroup[];
  onAdd(modifiers: ChosenModifier[]): void;
  onClose(): void;
}) {
  const { money } = useSession();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [problem, setProblem] = useState<string | null>(null);
  const picked = chosenOptions(groups, chosen);
  const price = item.price + picked.reduce((s, o) => s + o.priceDelta, 0);

  function pickOne(g: ModifierGroup, optionId: string | null) {
    const next = new Set(chosen);
    for (const o of g.options) next.delete(o.id);
    if (optionId) next.add(optionId);
    setChosen(next);
    setProblem(null);
  }

  function toggle(id: string) {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChosen(next);
    setProblem(null);
  }

  function add() {
    const p = choiceProblem(groups, chosen);
    if (p) return setProblem(p);
    onAdd(picked.map((o) => ({ id: o.id, name: o.name, priceDelta: o.priceDelta })));
  }

  return (
    <Dialog title={item.name} onClose={onClose} wide>
      <div className="picker">
        {groups.map((g) => {
          const n = g.options.filter((o) => chosen.has(o.id)).length;
          const missing = problem !== null && n < g.minChoices;
          return (
            <fieldset key={g.id} aria-label={g.name} className={missing ? 'missing' : undefined}>
              <legend>
                {g.name}{' '}
                <span className={g.required ? 'req' : 'muted'}>
                  {g.required ? 'required · ' : ''}
                  {ruleText(g)}
                </span>
              </legend>
              <div className="options">
                {g.maxChoices === 1 && !g.required && (
                  <label className="option">
                    <input
                      type="radio"
                      name={g.id}
                      checked={n === 0}
                      onChange={() => pickOne(g, null)}
                    />
                    <span>None</span>
                  </label>
                )}
                {g.options.map((o) => (
                  <label key={o.id} className="option">
                    <input
                      type={g.maxChoices === 1 ? 'radio' : 'checkbox'}
                      name={g.id}
                      checked={chosen.has(o.id)}
                      // A full multi-choice group takes no more until one is unticked.
                      disabled={g.maxChoices > 1 && !chosen.has(o.id) && n >= g.maxChoices}
                      onChange={() => (g.maxChoices === 1 ? pickOne(g, o.id) : toggle(o.id))}
                    />
                    <span>{o.name}</span>
                    {o.priceDelta > 0 && (
                      <span className="delta">+{money.format(o.priceDelta)}</span>
                    )}
                  </label>
                ))}
              </div>
            </fieldset>
          );
        })}
        <ErrorNote message={problem} />
        <div className="row picker-foot">
          <span className="picker-price" data-testid="picker-price">
            {money.format(price)}
          </span>
          <button type="button" className="ghost big" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary big grow" onClick={add}>
            Add to sale
          </button>
        </div>
      </div>
    </Dialog>
  );
}
