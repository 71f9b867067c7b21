import { ApiError } from '../api/client';

/** What a cashier reads when something fails: plain words, never a code or a stack. */
const PLAIN: Record<string, string> = {
  network: 'The counter computer cannot be reached. Check the network and try again.',
  invalid_credentials: 'That username and password or PIN do not match.',
  too_many_attempts: 'Too many tries. Wait a few minutes, then sign in again.',
  user_deactivated: 'This account has been switched off. Ask a manager.',
  unauthorized: 'Your session has ended. Please sign in again.',
  forbidden: 'Your account is not allowed to do that.',
  last_admin:
    'The shop needs at least one active admin who can manage staff: make someone else an admin first.',
  no_open_session: 'Open the cash drawer first.',
  session_open: 'The cash drawer is already open.',
  drawer_open: 'The cash drawer is open. Close it, then take the payment again.',
  overpayment: 'That is more than the order still owes.',
  token_required: 'The payment terminal did not send a token. Try the payment again.',
  payment_declined: 'The payment was declined. Ask for another way to pay.',
  provider_unavailable: 'The card provider cannot be reached. Try again or take cash.',
  payment_pending:
    'A card payment for this order is still being confirmed with the card provider. Wait a minute and try again: do not take the payment another way meanwhile.',
  order_closed: 'This order is closed (cancelled or refunded).',
  unpaid: 'The order still has money to pay.',
  has_payments: 'This order already has payments. Refund them first.',
  invalid_transition: 'The order has moved on already. The screen has been refreshed.',
  unknown_menu_item: 'An item in the cart is no longer on the menu.',
  item_unavailable: 'An item in the cart is not available right now.',
  over_refund: 'That is more than is left to refund on this payment.',
  idempotency_in_progress: 'The same request is still being processed. Wait a moment.',
  card_data_rejected: 'Card numbers must never be typed into the till.',
  hardware_unavailable: 'The printer or drawer is not responding.',
  rate_limited: 'Too many requests. Wait a moment.',
  approval_denied: 'Wrong manager username or PIN. Nothing was changed.',
  unknown_modifier: 'An option chosen for an item is no longer on the menu. Choose again.',
  modifier_unavailable: 'An option chosen for an item is not available right now.',
  modifier_required: 'An item is missing a required choice.',
  modifier_count: 'An item has too few or too many options chosen.',
  discount_too_large: 'That discount is more than is left to discount.',
  order_not_pending: 'Only an order that has not gone to the kitchen can be held.',
  not_held: 'That order is no longer on hold.',
  already_clocked_in: 'You are already clocked in (perhaps on another terminal).',
  not_clocked_in: 'You are not clocked in (perhaps you clocked out on another terminal).',
};

/** "in 40 seconds", "in 15 minutes", "in 2 hours": how long a sign-in lockout has left. */
export function waitInWords(seconds: number): string {
  if (seconds < 60) return `in ${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 120) return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `in ${Math.ceil(minutes / 60)} hours`;
}

export function plainError(e: unknown): { code: string; message: string } {
  if (e instanceof ApiError) {
    const retry = (e.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (e.code === 'too_many_attempts' && typeof retry === 'number')
      // Counted per terminal (API §2): another till still works, and a manager can clear it.
      return {
        code: e.code,
        message: `Too many wrong tries from this till. Try again ${waitInWords(retry)}, or ask a manager to clear the lockout.`,
      };
    return { code: e.code, message: PLAIN[e.code] ?? e.message };
  }
  return { code: 'internal', message: 'Something went wrong. Try again.' };
}
