import { useState } from 'react';
import type { InventoryItem } from '../../src-shared/contract/inventory';
import { LoadState } from '../components/LoadState';
import { AdjustForm } from '../inventory/AdjustForm';
import { ItemForm } from '../inventory/ItemForm';
import { Ledger } from '../inventory/Ledger';
import { ReceiveForm } from '../inventory/ReceiveForm';
import { StockCount } from '../inventory/StockCount';
import { useLoad } from '../lib/use-load';
import { useSession } from '../session';
import './inventory.css';

type Open =
  | { kind: 'add' }
  | { kind: 'edit'; item: InventoryItem }
  | { kind: 'adjust'; item: InventoryItem }
  | { kind: 'receive' }
  | null;

/**
 * Stock: what is running low first, then every item with its state and what can be done to it
 * (adjust, edit, its ledger), receiving deliveries and a stock count for the whole list.
 */
export function Inventory() {
  const { client, money, serves } = useSession();
  // Levels come from stock movements, which a till keeps for its own store; the hub's office
  // edits the items every store shares and has no levels, so it shows the items alone.
  const levels = serves('listLowStock');
  const can = {
    adjust: serves('adjustStock'),
    receive: serves('receiveStock'),
    count: serves('countStock'),
    ledger: serves('listInventoryLedger'),
  };
  const load = useLoad(
    () =>
      Promise.all([
        client.listInventoryItems({}),
        levels ? client.listLowStock({}) : Promise.resolve({ items: [] }),
      ]).then(([all, low]) => ({ items: all.items, low: low.items })),
    [client, levels],
  );
  const [open, setOpen] = useState<Open>(null);
  const [counting, setCounting] = useState(false);
  const [ledgerOf, setLedgerOf] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [note, setNote] = useState<string | null>(null);

  const changed = (message: string) => {
    setOpen(null);
    setNote(message);
    setVersion((v) => v + 1);
    load.reload();
  };

  const items = load.data?.items ?? [];
  const ledgerItem = items.find((i) => i.id === ledgerOf) ?? null;

  return (
    <div className="inventory">
      <div className="toolbar">
        <h2>Inventory</h2>
        <button type="button" onClick={() => setOpen({ kind: 'add' })}>
          Add stock item
        </button>
        {can.receive && (
          <button
            type="button"
            disabled={items.length === 0}
            onClick={() => setOpen({ kind: 'receive' })}
          >
            Receive stock
          </button>
        )}
        {can.count && (
          <button
            type="button"
            disabled={items.length === 0 || counting}
            onClick={() => {
              setNote(null);
              setCounting(true);
            }}
          >
            Stock count
          </button>
        )}
      </div>
      {!levels && (
        <p className="muted">
          The stock items every store uses, with their units and alert levels. How much each store
          has on hand is counted from its own tills: see it on a till’s Inventory screen.
        </p>
      )}
      {note && (
        <p className="info" role="status">
          {note}
        </p>
      )}
      <LoadState
        load={load}
        isEmpty={(d) => d.items.length === 0}
        empty={
          <>
            <p>No stock items yet.</p>
            <p>Add the things you buy in (beans, milk, cups) to track what is on the shelf.</p>
          </>
        }
      >
        {({ items: all, low }) =>
          counting ? (
            <StockCount
              items={all}
              onCancel={() => setCounting(false)}
              onSaved={(n) => {
                setCounting(false);
                changed(`Stock count saved: ${n} ${n === 1 ? 'item' : 'items'} set.`);
              }}
            />
          ) : (
            <div className="inventory-grid">
              {levels && (
                <section className="card" aria-label="Low stock">
                  <h3>Low stock</h3>
                  {low.length === 0 ? (
                    <p className="muted">Nothing is running low.</p>
                  ) : (
                    <ul className="low-list">
                      {low.map((i) => (
                        <li key={i.id} className={i.negative ? 'negative' : ''}>
                          <strong>{i.name}</strong> — {i.onHand} {i.unit} left (alert at{' '}
                          {i.lowStockThreshold} {i.unit})
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
              )}
              <section className="card stock-table" aria-label="All stock">
                <h3>All stock</h3>
                <table className="table">
                  <thead>
                    <tr>
                      <th>Item</th>
                      {levels && <th className="num">On hand</th>}
                      <th className="num">Alert at</th>
                      {levels && <th className="num">Last cost</th>}
                      {levels && <th>State</th>}
                      <th>
                        <span className="sr-only">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {all.map((i) => (
                      <tr key={i.id} aria-selected={i.id === ledgerOf ? true : undefined}>
                        <td>{i.name}</td>
                        {levels && (
                          <td className="num">
                            {i.onHand} {i.unit}
                          </td>
                        )}
                        <td className="num">
                          {i.lowStockThreshold} {i.unit}
                        </td>
                        {levels && (
                          <td className="num">
                            {i.lastUnitCost === null ? '—' : money.format(i.lastUnitCost)}
                          </td>
                        )}
                        {levels && (
                          <td>
                            {i.negative ? (
                              <span className="badge s-cancelled">Negative</span>
                            ) : i.lowStock ? (
                              <span className="badge s-in_progress">Low</span>
                            ) : (
                              <span className="badge s-completed">OK</span>
                            )}
                          </td>
                        )}
                        <td className="stock-actions">
                          {can.adjust && (
                            <button
                              type="button"
                              aria-label={`Adjust ${i.name}`}
                              onClick={() => setOpen({ kind: 'adjust', item: i })}
                            >
                              Adjust
                            </button>
                          )}
                          <button
                            type="button"
                            className="ghost"
                            aria-label={`Edit ${i.name}`}
                            onClick={() => setOpen({ kind: 'edit', item: i })}
                          >
                            Edit
                          </button>
                          {can.ledger && (
                            <button
                              type="button"
                              className="ghost"
                              aria-label={`Ledger of ${i.name}`}
                              aria-pressed={i.id === ledgerOf}
                              onClick={() => setLedgerOf(i.id === ledgerOf ? null : i.id)}
                            >
                              Ledger
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </section>
              {ledgerItem && <Ledger item={ledgerItem} version={version} />}
            </div>
          )
        }
      </LoadState>
      {open?.kind === 'add' && (
        <ItemForm
          item={null}
          levels={levels}
          onClose={() => setOpen(null)}
          onSaved={(i) => changed(`${i.name} added.`)}
        />
      )}
      {open?.kind === 'edit' && (
        <ItemForm
          item={open.item}
          onClose={() => setOpen(null)}
          onSaved={(i) => changed(`${i.name} saved.`)}
        />
      )}
      {open?.kind === 'adjust' && (
        <AdjustForm
          item={open.item}
          onClose={() => setOpen(null)}
          onSaved={() => changed(`${open.item.name} adjusted.`)}
        />
      )}
      {open?.kind === 'receive' && (
        <ReceiveForm
          items={items}
          onClose={() => setOpen(null)}
          onSaved={() => changed('Delivery recorded.')}
        />
      )}
    </div>
  );
}
