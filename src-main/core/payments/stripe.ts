/**
 * Stripe through the official `stripe` package (POS_PAYMENTS=stripe). A sale is one
 * PaymentIntent confirmed at once with the PaymentMethod from the terminal or wallet (the
 * payment's `token`); it carries `metadata[order_id]` and `metadata[payment_id]`, so every charge
 * in the dashboard leads back to its sale and a charge whose answer was lost is found by search.
 * Every call that moves money sends an idempotency key; the package's own network retries reuse it.
 */
import type Stripe from 'stripe';
import { loadOnUse } from '../../load-on-use';
import type { ChargeLookup, PaymentProvider } from './provider';

/** Stripe's search index can lag new PaymentIntents "up to a minute"; this waits twice that. */
export const STRIPE_SEARCH_LAG_MS = 2 * 60 * 1000;

export interface StripeProviderOptions {
  secretKey: string;
  /** `http://127.0.0.1:PORT` for stripe-mock or a test double; Stripe's own API when absent. */
  api?: string;
  searchLagMs?: number;
  /** Per request; a timeout leaves the payment pending and it is looked up, never re-charged. */
  timeoutMs?: number;
}

function hostOptions(api: string | undefined): Partial<Stripe.StripeConfig> {
  if (api === undefined) return {};
  const url = new URL(api);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return {
    host: url.hostname,
    port: url.port || (protocol === 'http' ? 80 : 443),
    protocol,
  };
}

function isCardError(e: unknown): e is { message: string; type: string } {
  return (
    typeof e === 'object' && e !== null && (e as { type?: unknown }).type === 'StripeCardError'
  );
}

function fromIntent(pi: Stripe.PaymentIntent): ChargeLookup {
  switch (pi.status) {
    case 'succeeded':
      return { state: 'succeeded', providerRef: pi.id, amount: pi.amount_received || pi.amount };
    case 'canceled':
      return { state: 'failed', providerRef: pi.id, reason: 'the PaymentIntent was cancelled' };
    case 'requires_payment_method':
    case 'requires_confirmation':
      // Confirmed at creation: still needing a method means the card was declined.
      return {
        state: 'failed',
        providerRef: pi.id,
        reason: pi.last_payment_error?.message ?? 'the card was declined',
      };
    default:
      return { state: 'processing', providerRef: pi.id };
  }
}

export function createStripeProvider(o: StripeProviderOptions): PaymentProvider {
  // Loaded only when a till is set up for Stripe: the package is large (issue 13).
  const StripeClient = loadOnUse('stripe') as typeof Stripe;
  const stripe = new StripeClient(o.secretKey, {
    ...hostOptions(o.api),
    timeout: o.timeoutMs ?? 30_000,
    maxNetworkRetries: 1,
  });

  async function cancelOrRefund(providerRef: string, amount: number): Promise<void> {
    const pi = await stripe.paymentIntents.retrieve(providerRef);
    if (pi.status === 'canceled') return;
    if (pi.status === 'succeeded') {
      await stripe.refunds.create(
        { payment_intent: providerRef, amount },
        { idempotencyKey: `ct_void_${providerRef}` },
      );
      return;
    }
    await stripe.paymentIntents.cancel(
      providerRef,
      {},
      { idempotencyKey: `ct_cancel_${providerRef}` },
    );
  }

  return {
    name: 'stripe',
    searchLagMs: o.searchLagMs ?? STRIPE_SEARCH_LAG_MS,
    async charge(req) {
      try {
        const pi = await stripe.paymentIntents.create(
          {
            amount: req.amount,
            currency: req.currency.toLowerCase(),
            payment_method: req.token,
            confirm: true,
            automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
            metadata: { order_id: req.orderId, payment_id: req.paymentId },
          },
          { idempotencyKey: req.idempotencyKey },
        );
        const found = fromIntent(pi);
        if (found.state === 'succeeded') return { approved: true, providerRef: pi.id };
        if (found.state === 'failed') return { approved: false, reason: found.reason };
        // Waiting on something (a terminal, an action): the core keeps the payment pending and
        // looks it up later.
        throw new Error(`the PaymentIntent is ${pi.status}`);
      } catch (e) {
        if (isCardError(e)) return { approved: false, reason: e.message };
        throw e;
      }
    },
    async void(providerRef, amount) {
      await cancelOrRefund(providerRef, amount);
    },
    async refund(req) {
      const refund = await stripe.refunds.create(
        { payment_intent: req.providerRef, amount: req.amount },
        { idempotencyKey: req.idempotencyKey },
      );
      return { providerRef: refund.id };
    },
    async lookup(req) {
      if (req.providerRef !== null)
        return fromIntent(await stripe.paymentIntents.retrieve(req.providerRef));
      const found = await stripe.paymentIntents.search({
        query: `metadata['payment_id']:'${req.paymentId.replaceAll("'", '')}'`,
        limit: 10,
      });
      if (found.data.length === 0) return { state: 'absent' };
      // One PaymentIntent per payment (one idempotency key); prefer a success if ever several.
      const looks = found.data.map(fromIntent);
      return (
        looks.find((l) => l.state === 'succeeded') ??
        looks.find((l) => l.state === 'processing') ??
        looks[0]!
      );
    },
  };
}
