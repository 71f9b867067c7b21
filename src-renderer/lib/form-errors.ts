import { ApiError } from '../api/client';
import { plainError } from './errors';

/**
 * A refusal turned into what a form shows: a message per field (from a 422's zod issues, keyed
 * by the field's path such as `price` or `options.0.name`) and one sentence for the whole form.
 * 409s and 403s are explained in words; a 403 names the permission that is missing.
 */
export interface FormErrors {
  fields: Record<string, string>;
  message: string | null;
}

export const NO_ERRORS: FormErrors = { fields: {}, message: null };

/** Permission names as an owner reads them. */
export const PERMISSION_WORDS: Record<string, string> = {
  'users.manage': 'manage staff',
  'menu.manage': 'change the menu',
  'orders.create': 'take orders',
  'orders.view': 'see orders',
  'orders.status': 'move orders along',
  'orders.cancel': 'cancel orders',
  'orders.discount': 'give discounts',
  'payments.take': 'take payments',
  'payments.refund': 'refund payments',
  'inventory.manage': 'manage stock',
  'cash.manage': 'handle the cash drawer',
  'reports.view': 'see reports',
  'notifications.manage': 'send notifications',
  'notifications.view': 'see notifications',
  'customers.manage': 'manage customers',
  'attendance.self': 'clock in and out',
  'attendance.manage': "see others' attendance",
  'diagnostics.run': 'run hardware checks',
  'backup.manage': 'back up and restore',
  'settings.manage': 'change settings',
};

function fieldMessage(code: string, message: string): string {
  // zod's own sentences are plain enough ("Too small: expected string to have >=1 characters")
  // but a few read better said simply.
  if (code === 'too_small' && /string/.test(message)) return 'Fill this in.';
  if (code === 'invalid_type' && /received undefined/.test(message)) return 'Fill this in.';
  const most = code === 'too_big' ? /<=(\d+) (characters|items)/.exec(message) : null;
  if (most) return `At most ${most[1]} ${most[2] === 'items' ? 'lines' : 'characters'}.`;
  return message;
}

export function formErrors(e: unknown): FormErrors {
  if (!(e instanceof ApiError)) return { fields: {}, message: plainError(e).message };
  if (e.code === 'validation_error') {
    const issues =
      (e.details as { issues?: { path: string; message: string; code: string }[] } | undefined)
        ?.issues ?? [];
    const fields: Record<string, string> = {};
    for (const i of issues) fields[i.path] ??= fieldMessage(i.code, i.message);
    const unplaced = issues.filter((i) => i.path === '');
    return {
      fields,
      message: unplaced[0]?.message ?? 'Some fields need another look (marked below).',
    };
  }
  if (e.code === 'forbidden') {
    const p = (e.details as { permission?: string } | undefined)?.permission;
    const words = p ? PERMISSION_WORDS[p] : undefined;
    return {
      fields: {},
      message: words
        ? `Your account may not ${words} (permission ${p}). Ask an admin.`
        : plainError(e).message,
    };
  }
  if (e.code === 'conflict') {
    // A conflict about one field (a name or SKU already used) is shown next to that field.
    const field = (e.details as { field?: unknown } | undefined)?.field;
    if (typeof field === 'string') return { fields: { [field]: e.message }, message: null };
    return { fields: {}, message: e.message };
  }
  return { fields: {}, message: plainError(e).message };
}
