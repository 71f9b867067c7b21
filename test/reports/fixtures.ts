/** Building report data through the real API (menu, orders, payments, refunds, stock). */
import { expect } from 'vitest';
import type { TestServer } from '../helpers/app';

export interface Api {
  ts: TestServer;
  token: string;
}

export async function call<T = Record<string, unknown>>(
  api: Api,
  path: string,
  body?: unknown,
  method?: string,
): Promise<T> {
  const r = await api.ts.request<T>(path, {
    token: api.token,
    ...(body !== undefined ? { body } : {}),
    ...(method ? { method } : {}),
  });
  expect(r.status, `${method ?? (body ? 'POST' : 'GET')} ${path}: ${r.text}`).toBeLessThan(300);
  return r.body;
}

export async function menuItem(
  api: Api,
  name: string,
  price: number,
  taxRateBps = 0,
  recipe?: { inventoryItemId: string; quantity: number }[],
): Promise<string> {
  const r = await call<{ id: string }>(api, '/api/menu/items', {
    name,
    price,
    taxRateBps,
    ...(recipe ? { recipe } : {}),
  });
  return r.id;
}

export interface OrderRef {
  id: string;
  total: number;
  tax: number;
}

export async function order(
  api: Api,
  items: [string, number][],
  customerId?: string,
): Promise<OrderRef> {
  return call<OrderRef>(api, '/api/orders', {
    items: items.map(([menuItemId, quantity]) => ({ menuItemId, quantity })),
    ...(customerId ? { customerId } : {}),
  });
}

export async function pay(
  api: Api,
  orderId: string,
  method: 'cash' | 'card' | 'mobile',
  amount: number,
): Promise<string> {
  const r = await call<{ payment: { id: string } }>(api, `/api/orders/${orderId}/payment`, {
    method,
    amount,
    ...(method === 'cash' ? {} : { token: 'tok_ok' }),
  });
  return r.payment.id;
}

export async function refund(api: Api, paymentId: string, amount: number): Promise<void> {
  await call(api, `/api/payments/${paymentId}/refund`, { amount, reason: 'test' });
}

export async function move(api: Api, orderId: string, status: string): Promise<void> {
  await call(api, `/api/orders/${orderId}/status`, { status }, 'PATCH');
}
