import { PosError } from '../../src-shared/errors';

/**
 * Card data never enters the system (API.md §5). Runs on every request body, at any depth,
 * before validation, so a rejected value reaches neither the database nor the log.
 */
const FORBIDDEN_NAMES = new Set(['pan', 'cardnumber', 'number', 'cvv', 'cvc', 'track', 'expiry']);

function normaliseName(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

/** `CVV2`, `track2`, `expiryMonth`, `card_number`: a forbidden stem plus digits or a date part. */
function isForbiddenName(name: string): boolean {
  const n = normaliseName(name);
  if (FORBIDDEN_NAMES.has(n)) return true;
  const stem = n.replace(/\d+$/, '');
  if (FORBIDDEN_NAMES.has(stem)) return true;
  return (
    /^(expiry|expiration|exp)(month|year|date|mm|yy|yyyy)$/.test(n) ||
    /^(card)?(pan|cvv|cvc|cvv2|cvc2)$/.test(n)
  );
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Runs of digits, possibly grouped by single spaces or dashes (`4111 1111-1111 1111`). */
const DIGIT_RUN = /\d(?:[ -]?\d)*/g;
/** UUIDs are ids, not card numbers, even when their hex happens to be all digits. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export function containsCardNumber(text: string): boolean {
  for (const m of text.replace(UUID, ' ').matchAll(DIGIT_RUN)) {
    const digits = m[0].replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) return true;
  }
  return false;
}

/**
 * A JSON number of 17–19 digits is past 2^53: JSON.parse keeps only its nearest double, so the
 * digits that arrived (which may be a card number) can no longer be Luhn-checked. No money or
 * quantity is that large, so such a number is refused as possible card data.
 */
function isInexactCardSizedNumber(value: number | bigint): boolean {
  if (typeof value === 'bigint') return false; // exact: String() above saw every digit
  const abs = Math.abs(value);
  return abs > Number.MAX_SAFE_INTEGER && abs <= 1e19;
}

function findCardData(value: unknown, path: string, depth: number): string | null {
  if (depth > 64) {
    // Refused rather than half-checked: no request of ours nests anywhere near this deep.
    throw new PosError('validation_error', 'the body is nested too deeply', { path });
  }
  if (typeof value === 'string') return containsCardNumber(value) ? path : null;
  if (typeof value === 'number' || typeof value === 'bigint') {
    return containsCardNumber(String(value)) || isInexactCardSizedNumber(value) ? path : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findCardData(value[i], `${path}[${i}]`, depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      // A key can hold a card number too; the path then names the place, not the number.
      if (containsCardNumber(k)) return path ? `${path}.[redacted]` : '[redacted]';
      const p = path ? `${path}.${k}` : k;
      if (isForbiddenName(k)) return p;
      const hit = findCardData(v, p, depth + 1);
      if (hit) return hit;
    }
  }
  return null;
}

/** Throws 422 card_data_rejected naming where (never what) the card data was. */
export function rejectCardData(body: unknown): void {
  const where = findCardData(body, '', 0);
  if (where !== null) {
    throw new PosError(
      'card_data_rejected',
      'card data is never accepted: send the payment provider token instead',
      { path: where },
    );
  }
}
