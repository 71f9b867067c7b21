import { z } from 'zod';
import { money, reasonText } from './common';
import { op } from './define';

/** The running (or, once closed, final) count of a drawer session (API.md §7). */
export interface CashSummary {
  openingFloat: number;
  cashSales: number;
  cashRefunds: number;
  cashIn: number;
  cashOut: number;
  /** openingFloat + cashSales − cashRefunds + cashIn − cashOut */
  expected: number;
  /** null while the session is open */
  counted: number | null;
  /** counted − expected; null while the session is open */
  variance: number | null;
}

export interface CashSession {
  id: string;
  drawerId: string;
  status: 'open' | 'closed';
  openingFloat: number;
  openedAt: string;
  openedBy: string;
  closedAt: string | null;
  closedBy: string | null;
  countedCash: number | null;
  /** Drawer opens without a sale in this session (POST /api/cash/no-sale). */
  noSales: number;
  /**
   * null while the count is blind: the business setting `blindCount` is on, the session is open
   * and the caller lacks `reports.view` (docs/api.md, "Blind counting"). Closed: always shown.
   */
  summary: CashSummary | null;
}

export interface CashMovement {
  id: string;
  sessionId: string;
  type: 'cash_in' | 'cash_out';
  amount: number;
  reason: string | null;
  createdAt: string;
  createdBy: string;
}

/** One drawer per terminal; `main` unless the terminal says otherwise. */
export const drawerId = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, 'drawerId is 1–64 of A-Z a-z 0-9 . _ -')
  .default('main');

export const openCashInput = z.strictObject({
  openingFloat: money.max(100_000_000).default(0),
  drawerId,
});

export const openCash = op<typeof openCashInput, { session: CashSession }>({
  name: 'openCash',
  method: 'POST',
  path: '/cash/open',
  access: 'cash.manage',
  status: 201,
  idempotent: true,
  summary: 'Open the drawer session',
  input: openCashInput,
});

export const moveCashInput = z.strictObject({
  type: z.enum(['cash_in', 'cash_out']),
  amount: money.min(1, 'amount must be at least 1').max(100_000_000),
  reason: reasonText().optional(),
  drawerId,
});

export const moveCash = op<typeof moveCashInput, { movement: CashMovement; session: CashSession }>({
  name: 'moveCash',
  method: 'POST',
  path: '/cash/move',
  access: 'cash.manage',
  status: 201,
  idempotent: true,
  summary: 'Put cash into or take cash out of the open drawer session',
  input: moveCashInput,
});

export const closeCashInput = z.strictObject({
  countedCash: money.max(100_000_000),
  drawerId,
});

export const closeCash = op<
  typeof closeCashInput,
  { session: CashSession; zReport: { number: number } }
>({
  name: 'closeCash',
  method: 'POST',
  path: '/cash/close',
  access: 'cash.manage',
  idempotent: true,
  summary: 'Close the drawer session with the counted cash',
  input: closeCashInput,
});

export const getCashSessionInput = z.strictObject({ drawerId });

export const getCashSession = op<typeof getCashSessionInput, { session: CashSession | null }>({
  name: 'getCashSession',
  method: 'GET',
  path: '/cash/session',
  access: 'cash.manage',
  summary: 'The open drawer session with its running summary, or null',
  input: getCashSessionInput,
});

export const cashOps = { openCash, moveCash, closeCash, getCashSession };
