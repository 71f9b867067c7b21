import { z } from 'zod';
import type { OrderStatus } from '../order-states';
import type { InventoryItem } from './inventory';
import type { Customer } from './menu';
import { op, type CsvRows } from './define';

/**
 * `range` is checked by the use case, not by zod, so that anything malformed (missing, a list,
 * an unknown form) is 400 `invalid_range` as API.md §9 requires, never a 422.
 */
const range = z.preprocess((v) => (Array.isArray(v) ? v.join(',') : v), z.string().optional());
const rangeInput = z.object({ range });

export interface SalesReport {
  from: string;
  to: string;
  orderCount: number;
  gross: number;
  refunds: number;
  net: number;
  tax: number;
  /** Section 12: Σ discounts of the orders counted (those with a payment in the range). */
  discounts: number;
  /** Section 12: Σ tips of the payments in the range; never part of gross, net or byMethod. */
  tips: number;
  averageOrder: number;
  byMethod: { cash: number; card: number; mobile: number };
  topItems: { menuItemId: string; name: string; quantity: number; revenue: number }[];
  series: { start: string; orders: number; net: number }[];
}

export interface OrdersReport {
  from: string;
  to: string;
  total: number;
  /** Every status of the state machine (src-shared/order-states.ts), 0 when none. */
  byStatus: Record<OrderStatus, number>;
  averagePrepSeconds: number | null;
}

/** A stock item as GET /api/inventory/items shows it (without its timestamps), valued. */
export interface InventoryReportItem extends Omit<InventoryItem, 'createdAt' | 'updatedAt'> {
  value: number;
  consumed: number;
}

export interface InventoryReport {
  from: string;
  to: string;
  items: InventoryReportItem[];
  totalValue: number;
}

export interface StaffAttendanceReport {
  from: string;
  to: string;
  users: {
    userId: string;
    username: string;
    displayName: string;
    hours: number;
    shifts: number;
    open: boolean;
  }[];
}

export interface CustomerHistory {
  customer: Customer;
  orders: { id: string; number: number; status: string; total: number; createdAt: string }[];
  orderCount: number;
  totalSpent: number;
}

export interface AttendanceEntry {
  id: string;
  userId: string;
  clockIn: string;
  clockOut: string | null;
  /** Worked so far (an open shift counts up to now), to 2 decimals. */
  hours: number;
}

/** One CSV table per report: the header row first. */
const csv = {
  sales: (r: SalesReport): CsvRows => [
    ['start', 'orders', 'net'],
    ...r.series.map((s) => [s.start, s.orders, s.net]),
  ],
  orders: (r: OrdersReport): CsvRows => [
    ['status', 'count'],
    ...Object.entries(r.byStatus).map(([k, v]) => [k, v]),
  ],
  inventory: (r: InventoryReport): CsvRows => [
    [
      'id',
      'name',
      'unit',
      'onHand',
      'lowStockThreshold',
      'lowStock',
      'negative',
      'lastUnitCost',
      'value',
      'consumed',
    ],
    ...r.items.map((i) => [
      i.id,
      i.name,
      i.unit,
      i.onHand,
      i.lowStockThreshold,
      i.lowStock,
      i.negative,
      i.lastUnitCost,
      i.value,
      i.consumed,
    ]),
  ],
  staff: (r: StaffAttendanceReport): CsvRows => [
    ['userId', 'username', 'displayName', 'hours', 'shifts', 'open'],
    ...r.users.map((u) => [u.userId, u.username, u.displayName, u.hours, u.shifts, u.open]),
  ],
  customer: (r: CustomerHistory): CsvRows => [
    ['id', 'number', 'status', 'total', 'createdAt'],
    ...r.orders.map((o) => [o.id, o.number, o.status, o.total, o.createdAt]),
  ],
};

export const salesReport = op<typeof rangeInput, SalesReport>({
  name: 'salesReport',
  method: 'GET',
  path: '/reports/sales',
  access: 'reports.view',
  summary: 'Sales in a range: gross, refunds, net, tax, by method, top items, series',
  input: rangeInput,
  csv: csv.sales,
});

export const ordersReport = op<typeof rangeInput, OrdersReport>({
  name: 'ordersReport',
  method: 'GET',
  path: '/reports/orders',
  access: 'reports.view',
  summary: 'Orders created in a range by status, average prep time',
  input: rangeInput,
  csv: csv.orders,
});

export const inventoryReport = op<typeof rangeInput, InventoryReport>({
  name: 'inventoryReport',
  method: 'GET',
  path: '/reports/inventory',
  access: 'reports.view',
  summary:
    'Stock on hand, its value at last cost, low and negative stock, consumption (default 30d)',
  input: rangeInput,
  csv: csv.inventory,
});

export const staffAttendanceReport = op<typeof rangeInput, StaffAttendanceReport>({
  name: 'staffAttendanceReport',
  method: 'GET',
  path: '/reports/staff-attendance',
  access: 'reports.view',
  summary: 'Hours and shifts per user in a range',
  input: rangeInput,
  csv: csv.staff,
});

const customerHistoryInput = z.object({ customerId: z.string().min(1).max(64) });

export const customerHistoryReport = op<typeof customerHistoryInput, CustomerHistory>({
  name: 'customerHistoryReport',
  method: 'GET',
  path: '/reports/customer-history',
  access: 'reports.view',
  summary: "A customer's orders and what they spent",
  input: customerHistoryInput,
  csv: csv.customer,
});

export const clockIn = op<z.ZodObject<Record<string, never>>, AttendanceEntry>({
  name: 'clockIn',
  method: 'POST',
  path: '/attendance/clock-in',
  access: 'attendance.self',
  status: 201,
  idempotent: true,
  summary: 'Start a shift for the signed-in user',
  input: z.object({}),
});

export const clockOut = op<z.ZodObject<Record<string, never>>, AttendanceEntry>({
  name: 'clockOut',
  method: 'POST',
  path: '/attendance/clock-out',
  access: 'attendance.self',
  status: 201,
  idempotent: true,
  summary: 'End the signed-in user’s open shift',
  input: z.object({}),
});

const listAttendanceInput = z.object({ userId: z.string().min(1).max(64).optional(), range });

export const listAttendance = op<typeof listAttendanceInput, { entries: AttendanceEntry[] }>({
  name: 'listAttendance',
  method: 'GET',
  path: '/attendance',
  // Own entries need attendance.self, another user's attendance.manage: checked in the core.
  access: 'signed_in',
  summary: 'Attendance entries of a user in a range (default the caller, 30d)',
  input: listAttendanceInput,
  csv: (r: { entries: AttendanceEntry[] }): CsvRows => [
    ['id', 'userId', 'clockIn', 'clockOut', 'hours'],
    ...r.entries.map((e) => [e.id, e.userId, e.clockIn, e.clockOut, e.hours]),
  ],
});

export const reportOps = {
  salesReport,
  ordersReport,
  inventoryReport,
  staffAttendanceReport,
  customerHistoryReport,
  clockIn,
  clockOut,
  listAttendance,
};
