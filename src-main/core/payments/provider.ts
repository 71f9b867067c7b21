/**
 * The card/mobile payment provider seam. The core only ever sees the provider's one-time token
 * (a nonce from the terminal or wallet), never card data. `simulated` is the default; a real
 * provider (Stripe Terminal, Square Terminal) implements the same four calls.
 *
 * Every call takes an idempotency key and must be safe to repeat with it: the core retries
 * refunds and voids after a crash or an outage, and a repeat must never move money twice.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ChargeRequest {
  /** Minor units. */
  amount: number;
  token: string;
  method: 'card' | 'mobile';
  /** Stable per attempted payment: a retried charge with it is the same charge. */
  idempotencyKey: string;
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
}

export interface SimulatedProviderOptions {
  /** Milliseconds each call takes, like a terminal round trip (tests widen race windows with it). */
  latencyMs?: number;
  /** Make refunds throw, as a provider outage would (for tests of the retry path). */
  failRefunds?: boolean;
}

/** What the simulated provider has done, so tests can count real effects. */
export interface SimulatedLedger {
  charges: { ref: string; amount: number; token: string; key: string }[];
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
  const ledger: SimulatedLedger = { charges: [], voids: [], refunds: [] };
  const wait = async () => {
    const ms = provider.options.latencyMs ?? 0;
    if (ms > 0) await sleep(ms);
  };
  const provider: SimulatedProvider = {
    name: 'simulated',
    ledger,
    options: { ...options },
    async charge(req) {
      await wait();
      if (req.token.startsWith('tok_decline')) {
        return { approved: false, reason: 'the card was declined' };
      }
      const seen = ledger.charges.find((c) => c.key === req.idempotencyKey);
      if (seen) return { approved: true, providerRef: seen.ref };
      const ref = nextRef('sim_ch');
      ledger.charges.push({ ref, amount: req.amount, token: req.token, key: req.idempotencyKey });
      return { approved: true, providerRef: ref };
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
