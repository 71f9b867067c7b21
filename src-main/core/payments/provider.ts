/**
 * The card/mobile payment provider seam. The core only ever sees the provider's one-time token
 * (a nonce from the terminal or wallet), never card data. `simulated` is the default; Stripe
 * (./stripe.ts) implements the same calls.
 *
 * Every call that moves money takes an idempotency key and must be safe to repeat with it: the
 * core retries refunds and voids after a crash or an outage, and a repeat must never move money
 * twice. A charge whose answer was lost is found again with `lookup`, never by charging again.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ChargeRequest {
  /** Minor units. */
  amount: number;
  /** The shop's ISO 4217 code (business settings). */
  currency: string;
  token: string;
  method: 'card' | 'mobile';
  /** Stable per attempted payment: a retried charge with it is the same charge. */
  idempotencyKey: string;
  /** Carried on the charge: the dashboard leads back to the sale, and `lookup` finds it by these. */
  orderId: string;
  paymentId: string;
}

/** What the provider knows of a payment's charge (`lookup`). */
export type ChargeLookup =
  | { state: 'succeeded'; providerRef: string; amount: number }
  | { state: 'failed'; providerRef: string | null; reason: string }
  /** Started and not finished (a terminal still waiting for the card): ask again later. */
  | { state: 'processing'; providerRef: string }
  | { state: 'absent' };

export interface LookupRequest {
  /** The charge's reference once the provider gave one; else it is searched by `paymentId`. */
  providerRef: string | null;
  paymentId: string;
}

export type ChargeResult =
  { approved: true; providerRef: string } | { approved: false; reason: string };

export interface RefundRequest {
  providerRef: string;
  amount: number;
  /** The refund's id: a retried refund with it is the same refund. */
  idempotencyKey: string;
}

export interface PaymentProvider {
  readonly name: string;
  /** Authorises and captures (a sale). Declines resolve `{approved: false}`; outages throw. */
  charge(req: ChargeRequest): Promise<ChargeResult>;
  /** Reverses a charge that was never recorded (the order changed while it was authorised). */
  void(providerRef: string, amount: number): Promise<void>;
  /** Gives money back against a recorded charge; resolves the provider's refund reference. */
  refund(req: RefundRequest): Promise<{ providerRef: string }>;
  /** Finds a payment's charge without creating one. Outages throw. */
  lookup(req: LookupRequest): Promise<ChargeLookup>;
  /**
   * How long a new charge may stay invisible to a search by payment id (Stripe's search index
   * lags): `absent` for a payment younger than this is no proof that nothing was charged.
   */
  readonly searchLagMs: number;
}

export interface SimulatedProviderOptions {
  /** Milliseconds each call takes, like a terminal round trip (tests widen race windows with it). */
  latencyMs?: number;
  /** Make refunds throw, as a provider outage would (for tests of the retry path). */
  failRefunds?: boolean;
  /**
   * Make charges throw: `before` the charge is made (an outage), or `after` it (the answer lost
   * on the way back, so money was taken and the caller does not know).
   */
  failCharges?: 'before' | 'after';
  /** Make lookups throw, as a provider outage would. */
  failLookups?: boolean;
}

/** What the simulated provider has done, so tests can count real effects. */
export interface SimulatedLedger {
  charges: {
    ref: string;
    amount: number;
    token: string;
    key: string;
    orderId: string;
    paymentId: string;
  }[];
  /** Declined attempts (no money moved), by the payment they were for. */
  declines: { key: string; paymentId: string }[];
  voids: string[];
  refunds: { ref: string; chargeRef: string; amount: number; key: string }[];
}

export interface SimulatedProvider extends PaymentProvider {
  readonly ledger: SimulatedLedger;
  options: SimulatedProviderOptions;
}

/** Unique across providers and restarts, like a real provider's references. */
function nextRef(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
}

/**
 * Approves every token except those starting `tok_decline`. Honours idempotency keys the way a
 * real provider does: a repeated key returns the first result and moves no money again.
 */
export function createSimulatedProvider(options: SimulatedProviderOptions = {}): SimulatedProvider {
  const ledger: SimulatedLedger = { charges: [], declines: [], voids: [], refunds: [] };
  const wait = async () => {
    const ms = provider.options.latencyMs ?? 0;
    if (ms > 0) await sleep(ms);
  };
  const provider: SimulatedProvider = {
    name: 'simulated',
    ledger,
    options: { ...options },
    searchLagMs: 0,
    async charge(req) {
      await wait();
      if (provider.options.failCharges === 'before')
        throw new Error('simulated provider unreachable');
      const lost = provider.options.failCharges === 'after';
      if (req.token.startsWith('tok_decline')) {
        if (!ledger.declines.some((d) => d.key === req.idempotencyKey))
          ledger.declines.push({ key: req.idempotencyKey, paymentId: req.paymentId });
        if (lost) throw new Error('simulated answer lost');
        return { approved: false, reason: 'the card was declined' };
      }
      let seen = ledger.charges.find((c) => c.key === req.idempotencyKey);
      if (!seen) {
        seen = {
          ref: nextRef('sim_ch'),
          amount: req.amount,
          token: req.token,
          key: req.idempotencyKey,
          orderId: req.orderId,
          paymentId: req.paymentId,
        };
        ledger.charges.push(seen);
      }
      if (lost) throw new Error('simulated answer lost');
      return { approved: true, providerRef: seen.ref };
    },
    async lookup(req) {
      await wait();
      if (provider.options.failLookups) throw new Error('simulated provider unreachable');
      const c = ledger.charges.find((x) =>
        req.providerRef !== null ? x.ref === req.providerRef : x.paymentId === req.paymentId,
      );
      if (!c) {
        return ledger.declines.some((d) => d.paymentId === req.paymentId)
          ? { state: 'failed', providerRef: null, reason: 'the card was declined' }
          : { state: 'absent' };
      }
      if (ledger.voids.includes(c.ref))
        return { state: 'failed', providerRef: c.ref, reason: 'the charge was voided' };
      return { state: 'succeeded', providerRef: c.ref, amount: c.amount };
    },
    async void(providerRef) {
      await wait();
      if (!ledger.voids.includes(providerRef)) ledger.voids.push(providerRef);
    },
    async refund(req) {
      await wait();
      if (provider.options.failRefunds) throw new Error('simulated provider unreachable');
      const seen = ledger.refunds.find((r) => r.key === req.idempotencyKey);
      if (seen) return { providerRef: seen.ref };
      const ref = nextRef('sim_re');
      ledger.refunds.push({
        ref,
        chargeRef: req.providerRef,
        amount: req.amount,
        key: req.idempotencyKey,
      });
      return { providerRef: ref };
    },
  };
  return provider;
}
