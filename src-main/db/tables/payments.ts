/** Tables of migration 0004: cash-drawer sessions and movements, payments, refunds, voids. */
import type { Generated } from 'kysely';

export interface CashSessionsTable {
  id: string;
  drawerId: string;
  status: 'open' | 'closed';
  openingFloat: number;
  openedAt: string;
  openedBy: string;
  closedAt: string | null;
  closedBy: string | null;
  countedCash: number | null;
}

export interface CashMovementsTable {
  id: string;
  sessionId: string;
  type: 'cash_in' | 'cash_out';
  amount: number;
  reason: string | null;
  createdAt: string;
  createdBy: string;
}

export interface PaymentsTable {
  id: string;
  orderId: string;
  method: 'cash' | 'card' | 'mobile';
  amount: number;
  tendered: number | null;
  change: number | null;
  status: Generated<'captured'>;
  provider: string | null;
  providerRef: string | null;
  refunded: Generated<number>;
  cashSessionId: string | null;
  createdAt: string;
  createdBy: string;
  /** Migration 0010: card and mobile only; charged with the payment, not part of the balance. */
  tip: Generated<number>;
  /** Migration 0013: the request's Idempotency-Key, so a retry after a crash finds this payment. */
  clientKey: Generated<string | null>;
}

export type PaymentIntentStatus = 'pending' | 'captured' | 'failed';

/** Migration 0013: a card or mobile payment from before the provider is called until settled. */
export interface PaymentIntentsTable {
  id: string;
  orderId: string;
  method: 'card' | 'mobile';
  amount: number;
  tip: number;
  status: PaymentIntentStatus;
  provider: string;
  providerKey: string;
  providerRef: string | null;
  clientKey: string | null;
  failure: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

export type ProviderStatus = 'pending' | 'succeeded' | 'failed';

export interface RefundsTable {
  id: string;
  paymentId: string;
  orderId: string;
  method: 'cash' | 'card' | 'mobile';
  amount: number;
  reason: string;
  cashSessionId: string | null;
  providerStatus: ProviderStatus | null;
  providerRef: string | null;
  providerAttempts: Generated<number>;
  providerError: string | null;
  createdAt: string;
  createdBy: string;
  /** The Idempotency-Key of the refund request, when it came with one (migration 0016). */
  clientKey: Generated<string | null>;
}

export interface ProviderVoidsTable {
  id: string;
  provider: string;
  providerRef: string;
  amount: number;
  orderId: string;
  status: 'pending' | 'succeeded';
  attempts: Generated<number>;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PaymentTables {
  cashSessions: CashSessionsTable;
  cashMovements: CashMovementsTable;
  payments: PaymentsTable;
  paymentIntents: PaymentIntentsTable;
  refunds: RefundsTable;
  providerVoids: ProviderVoidsTable;
}
