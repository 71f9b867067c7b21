import { useSession } from '../session';

/** Subtotal, tax and total in one block; `estimate` marks numbers the server has not confirmed. */
export function Totals({
  subtotal,
  tax,
  total,
  estimate,
  discount = 0,
}: {
  subtotal: number;
  /** Σ discounts: total = subtotal − discount + tax. */
  discount?: number;
  tax: number;
  total: number;
  estimate?: boolean;
}) {
  const { money } = useSession();
  return (
    <dl className="totals" aria-label={estimate ? 'Estimated totals' : 'Order totals'}>
      <dt>Subtotal</dt>
      <dd>{money.format(subtotal)}</dd>
      {discount > 0 && (
        <>
          <dt>Discount</dt>
          <dd data-testid="order-discount">−{money.format(discount)}</dd>
        </>
      )}
      <dt>Tax</dt>
      <dd>{money.format(tax)}</dd>
      <dt className="grand">Total{estimate ? ' (estimate)' : ''}</dt>
      <dd className="grand" data-testid={estimate ? 'estimate-total' : 'order-total'}>
        {money.format(total)}
      </dd>
    </dl>
  );
}
