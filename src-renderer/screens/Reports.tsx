import { useState, type FormEvent } from 'react';
import type { OperationName } from '../../src-shared/contract';
import { Field } from '../components/Field';
import { LoadState } from '../components/LoadState';
import { useLoad } from '../lib/use-load';
import { CsvButton } from '../reports/CsvButton';
import { CustomerView } from '../reports/CustomerView';
import { AttendanceView, InventoryView, OrdersView } from '../reports/OtherViews';
import { QUICK_RANGES, periodSlug, rangeOf, shopDates, type Period } from '../reports/range';
import { SalesView } from '../reports/SalesView';
import { useSession } from '../session';
import './reports.css';

const KINDS = [
  { id: 'sales', label: 'Sales', op: 'salesReport' },
  { id: 'orders', label: 'Orders', op: 'ordersReport' },
  { id: 'inventory', label: 'Inventory', op: 'inventoryReport' },
  { id: 'attendance', label: 'Staff attendance', op: 'staffAttendanceReport' },
  { id: 'customer', label: 'Customer history', op: null },
] as const satisfies readonly { id: string; label: string; op: OperationName | null }[];

type Kind = (typeof KINDS)[number]['id'];

/**
 * Reports over any period: a quick range ending now or whole days in the shop's time zone; sales
 * (with tips, discounts and tax), orders, stock, staff attendance and a customer's history, each
 * as the server computed it and as a CSV download.
 */
export function Reports() {
  const { settings } = useSession();
  const [kind, setKind] = useState<Kind>('sales');
  const [period, setPeriod] = useState<Period>({ kind: 'quick', id: '24h' });
  const d = shopDates(settings.timeZone, 6);
  const [from, setFrom] = useState(d.before);
  const [to, setTo] = useState(d.today);
  const [dateError, setDateError] = useState<string | undefined>();
  const range = rangeOf(period, settings.timeZone);
  const current = KINDS.find((k) => k.id === kind) ?? KINDS[0];

  function applyDays(e: FormEvent) {
    e.preventDefault();
    if (!from || !to) return setDateError('Choose both dates.');
    if (to < from) return setDateError('The end date is before the start date.');
    setDateError(undefined);
    setPeriod({ kind: 'days', from, to });
  }

  return (
    <div className="reports">
      <div className="toolbar">
        <h2>Reports</h2>
        <div className="segmented" role="group" aria-label="Report">
          {KINDS.map((k) => (
            <button
              key={k.id}
              type="button"
              aria-pressed={kind === k.id}
              onClick={() => setKind(k.id)}
            >
              {k.label}
            </button>
          ))}
        </div>
        {current.op && (
          <span className="csv-slot">
            <CsvButton
              op={current.op}
              input={{ range }}
              fileName={`${current.id}-${periodSlug(period)}.csv`}
            />
          </span>
        )}
      </div>
      {kind !== 'customer' && (
        <div className="toolbar period-bar">
          <div className="segmented" role="group" aria-label="Range">
            {QUICK_RANGES.map((r) => (
              <button
                key={r.id}
                type="button"
                aria-pressed={period.kind === 'quick' && period.id === r.id}
                onClick={() => setPeriod({ kind: 'quick', id: r.id })}
              >
                {r.label}
              </button>
            ))}
          </div>
          <form className="date-range" aria-label="Date range" onSubmit={applyDays}>
            <Field label="From">
              {(p) => (
                <input {...p} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
              )}
            </Field>
            <Field label="To" error={dateError}>
              {(p) => (
                <input {...p} type="date" value={to} onChange={(e) => setTo(e.target.value)} />
              )}
            </Field>
            <button type="submit" aria-pressed={period.kind === 'days'}>
              Show these days
            </button>
          </form>
        </div>
      )}
      {kind === 'customer' ? <CustomerView /> : <RangeReport kind={kind} range={range} />}
    </div>
  );
}

function RangeReport({ kind, range }: { kind: Exclude<Kind, 'customer'>; range: string }) {
  const { client } = useSession();
  const load = useLoad(async () => {
    switch (kind) {
      case 'sales':
        return { kind, report: await client.salesReport({ range }) };
      case 'orders':
        return { kind, report: await client.ordersReport({ range }) };
      case 'inventory':
        return { kind, report: await client.inventoryReport({ range }) };
      case 'attendance':
        return { kind, report: await client.staffAttendanceReport({ range }) };
    }
  }, [client, kind, range]);
  return (
    <LoadState load={load} isEmpty={() => false} empty={null}>
      {(d) =>
        // A kind switch shows the old report until the new one arrives; never the wrong view.
        d.kind !== kind ? null : d.kind === 'sales' ? (
          <SalesView report={d.report} />
        ) : d.kind === 'orders' ? (
          <OrdersView report={d.report} />
        ) : d.kind === 'inventory' ? (
          <InventoryView report={d.report} />
        ) : (
          <AttendanceView report={d.report} />
        )
      }
    </LoadState>
  );
}
