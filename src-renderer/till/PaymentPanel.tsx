import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Order } from '../../src-shared/contract/orders';
import type { Payment, PaymentMethod } from '../../src-shared/contract/payments';
import { ApiError, newIdempotencyKey } from '../api/client';
import { ErrorNote } from '../components/ErrorNote';
import { plainError } from '../lib/errors';
import { percentOf } from '../../src-shared/money';
import { toInputText } from '../lib/money';
import { useSession } from '../session';
import { quickTenders } from './cart';

/** Quick tip percentages on card and mobile (of the amount being charged). */
const TIP_PERCENTS = [10, 15, 20];

type TipChoice = 'none' | 'custom' | number;

const METHODS: { id: PaymentMethod; label: string }[] = [
  { id: 'cash', label: 'Cash' },
  { id: 'card', label: 'Card' },
  { id: 'mobile', label: 'Mobile' },
];

/**
 * Takes one or more payments against an order (split tender: charge part, the rest stays due).
 * Each attempt carries its own Idempotency-Key, kept while the same charge is retried, so a
 * double tap or a retry after a timeout never charges twice.
 */
export function PaymentPanel({
  order,
  preset,
  onPaid,
}: {
  order: Order;
  /** A split's share to charge (instead of the whole balance), said above the form. */
  preset?: { amount: number; label: string } | null;
  onPaid(order: Order, payment: Payment): void;
}) {
  const { client, money } = useSession();
  const [method, setMethod] = useState<PaymentMethod>('cash');
  const due = preset ? Math.min(preset.amount, order.balance) : order.balance;
  const [amountText, setAmountText] = useState(toInputText(due, money.unit));
  const [tenderedText, setTenderedText] = useState('');
  const [token, setToken] = useState('tok_demo');
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [float, setFloat] = useState('0');
  const [tipChoice, setTipChoice] = useState<TipChoice>('none');
  const [customTip, setCustomTip] = useState('');
  const inFlight = useRef(false);
  const attemptKey = useRef<string | null>(null);

  // A new balance (after a split payment) or a new share restarts the form at what is due now.
  useEffect(() => {
    setAmountText(toInputText(due, money.unit));
    setTenderedText('');
  }, [due, preset?.label, money.unit]);

  const amount = money.parse(amountText);
  const tendered = tenderedText === '' ? amount : money.parse(tenderedText);
  const changePreview =
    method === 'cash' && amount !== null && tendered !== null && tendered >= amount
      ? tendered - amount
      : null;
  // A tip rides on card and mobile only (a cash tip goes in the jar; the server refuses one).
  const tip: number | null =
    method === 'cash' || tipChoice === 'none'
      ? 0
      : tipChoice === 'custom'
        ? customTip.trim() === ''
          ? 0
          : money.parse(customTip)
        : amount === null
          ? 0
          : percentOf(amount, tipChoice * 100);
  const valid =
    tip !== null &&
    amount !== null &&
    amount > 0 &&
    amount <= order.balance &&
    (method !== 'cash' || (tendered !== null && tendered >= amount)) &&
    (method === 'cash' || token.trim() !== '');

  // Any change to what is being charged is a different request: it gets a fresh key.
  useEffect(() => {
    attemptKey.current = null;
  }, [method, amountText, tenderedText, token, tip]);

  async function charge(e?: FormEvent) {
    e?.preventDefault();
    if (inFlight.current || !valid || amount === null || tip === null) return;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    attemptKey.current ??= newIdempotencyKey();
    try {
      const res = await client.takePayment(
        {
          id: order.id,
          method,
          amount,
          ...(method === 'cash' && tendered !== null ? { tendered } : {}),
          ...(method !== 'cash' ? { token: token.trim() } : {}),
          ...(method !== 'cash' && tip ? { tip } : {}),
          drawerId: 'main',
        },
        { idempotencyKey: attemptKey.current },
      );
      attemptKey.current = null;
      onPaid(res.order, res.payment);
    } catch (err) {
      // A 4xx ran and was refused: the next attempt may reuse nothing. A network failure keeps
      // the key, so pressing Charge again replays the first charge if it did go through.
      if (err instanceof ApiError && err.status >= 400 && err.status < 500)
        attemptKey.current = null;
      setError(plainError(err));
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }

  async function openDrawer() {
    const openingFloat = money.parse(float);
    if (openingFloat === null) return;
    try {
      await client.openCash(
        { openingFloat, drawerId: 'main' },
        { idempotencyKey: newIdempotencyKey() },
      );
      setError(null);
    } catch (err) {
      setError(plainError(err));
    }
  }

  return (
    <form className="payment" onSubmit={charge} aria-label="Take payment">
      {preset && (
        <p className="split-label" role="status" aria-label="Split share">
          {preset.label}: <strong>{money.format(due)}</strong>
        </p>
      )}
      <div className="segmented big" role="group" aria-label="Payment method">
        {METHODS.map((m) => (
          <button
            key={m.id}
            type="button"
            aria-pressed={method === m.id}
            onClick={() => setMethod(m.id)}
          >
            {m.label}
          </button>
        ))}
      </div>
      <label>
        Amount to charge
        <input
          inputMode="decimal"
          value={amountText}
          onChange={(e) => setAmountText(e.target.value)}
        />
      </label>
      {amount !== null && amount < order.balance && (
        <p className="muted">
          Split payment: {money.format(order.balance - amount)} stays due after this one.
        </p>
      )}
      {method === 'cash' ? (
        <>
          <label>
            Cash tendered
            <input
              inputMode="decimal"
              value={tenderedText}
              placeholder={amount !== null ? toInputText(amount, money.unit) : ''}
              onChange={(e) => setTenderedText(e.target.value)}
            />
          </label>
          {amount !== null && amount > 0 && (
            <div className="quick" role="group" aria-label="Quick amounts">
              <button type="button" onClick={() => setTenderedText('')}>
                Exact
              </button>
              {quickTenders(amount, money.unit).map((v) => (
                <button
                  key={v}
                  type="button"
                  onClick={() => setTenderedText(toInputText(v, money.unit))}
                >
                  {money.format(v)}
                </button>
              ))}
            </div>
          )}
          {changePreview !== null && changePreview > 0 && (
            <p className="change-preview">
              Change to give: <strong>{money.format(changePreview)}</strong>
            </p>
          )}
        </>
      ) : (
        <>
          <div className="tip-row">
            <div className="quick" role="group" aria-label="Tip">
              <button
                type="button"
                aria-pressed={tipChoice === 'none'}
                onClick={() => setTipChoice('none')}
              >
                No tip
              </button>
              {TIP_PERCENTS.map((p) => (
                <button
                  key={p}
                  type="button"
                  aria-pressed={tipChoice === p}
                  onClick={() => setTipChoice(p)}
                >
                  {p} %
                </button>
              ))}
              <button
                type="button"
                aria-pressed={tipChoice === 'custom'}
                onClick={() => setTipChoice('custom')}
              >
                Custom
              </button>
            </div>
            {tipChoice === 'custom' && (
              <label>
                Custom tip
                <input
                  inputMode="decimal"
                  value={customTip}
                  autoFocus
                  onChange={(e) => setCustomTip(e.target.value)}
                />
              </label>
            )}
          </div>
          {amount !== null && tip !== null && tip > 0 && (
            <p className="charged" role="status" aria-label="Charged total">
              {money.format(amount)} + tip {money.format(tip)} ={' '}
              <strong>{money.format(amount + tip)}</strong>
            </p>
          )}
          {tip === null && <p className="error-inline">Type the tip as an amount, e.g. 2.00</p>}
          <label>
            Payment provider nonce (from the {method === 'card' ? 'card' : 'mobile'} terminal)
            <input
              value={token}
              onChange={(e) => setToken(e.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
            <span className="hint">
              The terminal sends a one-time token. Never type a card number here.
            </span>
          </label>
        </>
      )}
      <ErrorNote message={error?.message ?? null}>
        {error?.code === 'no_open_session' && (
          <span className="inline-form">
            <label>
              Opening float
              <input inputMode="decimal" value={float} onChange={(e) => setFloat(e.target.value)} />
            </label>
            <button type="button" onClick={openDrawer}>
              Open cash drawer
            </button>
          </span>
        )}
      </ErrorNote>
      <button type="submit" className="primary huge" disabled={!valid || busy}>
        {busy ? 'Charging…' : `Charge ${amount !== null ? money.format(amount + (tip ?? 0)) : ''}`}
      </button>
    </form>
  );
}
