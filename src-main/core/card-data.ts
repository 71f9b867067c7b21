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

/**
 * The brands' issuer prefixes (IIN ranges) and the lengths each issues. A digit run is a card
 * number only when Luhn holds AND a brand issues that prefix at that length: Luhn alone refuses
 * one id in ten (a 13-digit timestamp starts with 1, which no brand here issues).
 */
interface Brand {
  /** Inclusive prefix ranges, compared on the first `from.length` digits. */
  ranges: [string, string][];
  lengths: number[];
}
const range = (from: string, to = from): [string, string] => [from, to];
const BRANDS: Brand[] = [
  { ranges: [range('4')], lengths: [13, 16, 19] }, // Visa
  { ranges: [range('51', '55'), range('2221', '2720')], lengths: [16] }, // Mastercard
  { ranges: [range('34'), range('37')], lengths: [15] }, // American Express
  {
    // Discover
    ranges: [range('6011'), range('644', '649'), range('65'), range('622126', '622925')],
    lengths: [16, 17, 18, 19],
  },
  { ranges: [range('3528', '3589')], lengths: [16, 17, 18, 19] }, // JCB
  {
    // Diners Club
    ranges: [range('300', '305'), range('3095'), range('36'), range('38', '39')],
    lengths: [14, 15, 16, 17, 18, 19],
  },
  { ranges: [range('62'), range('81')], lengths: [16, 17, 18, 19] }, // UnionPay
  {
    // Maestro (its 12-digit cards are below the 13 digits any field here is checked for)
    ranges: [range('50'), range('56', '69')],
    lengths: [13, 14, 15, 16, 17, 18, 19],
  },
];

function issuedByABrand(digits: string): boolean {
  return BRANDS.some(
    (b) =>
      b.lengths.includes(digits.length) &&
      b.ranges.some(([from, to]) => {
        const head = digits.slice(0, from.length);
        return head >= from && head <= to;
      }),
  );
}

/** GTIN-13 (EAN-13) check digit: weights 1,3,1,3… from the left. */
function ean13Valid(digits: string): boolean {
  if (digits.length !== 13) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (digits.charCodeAt(i) - 48) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10 === digits.charCodeAt(12) - 48;
}

/**
 * Card number: 13–19 digits, Luhn-valid, a brand's prefix at one of its lengths. A 13-digit
 * run that is also a valid EAN-13 is taken for the barcode it much more likely is (13-digit Visa
 * cards are no longer issued).
 */
export function isCardNumber(digits: string): boolean {
  return (
    digits.length >= 13 &&
    digits.length <= 19 &&
    luhnValid(digits) &&
    issuedByABrand(digits) &&
    !ean13Valid(digits)
  );
}

/** The zero of every other decimal digit block a person may type (full-width is NFKC's job). */
const DIGIT_ZEROS = [0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0e50, 0x1040];
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]/g;

/**
 * The text as a card reader would see it: full-width and other script digits as ASCII digits,
 * invisible characters gone, every kind of space a plain space.
 */
export function normaliseForCardCheck(text: string): string {
  let out = text.normalize('NFKC').replace(INVISIBLE, '');
  if (/[^ -~]/.test(out)) {
    out = [...out]
      .map((ch) => {
        const cp = ch.codePointAt(0) as number;
        const zero = DIGIT_ZEROS.find((z) => cp >= z && cp <= z + 9);
        return zero === undefined ? ch : String(cp - zero);
      })
      .join('');
  }
  return out.replace(/[\u2010-\u2015\u2212]/g, '-').replace(/\s/g, ' ');
}

/**
 * Runs of digit groups, split by up to three separators each (spaces, tabs, dots, slashes,
 * dashes): `4111 1111 1111 1111`, `4111.1111/1111-1111`, `INV-2024-4111…`.
 */
const DIGIT_RUN = /\d+(?:[ ./\\-]{1,3}\d+)*/g;
/** UUIDs are ids, not card numbers, even when their hex happens to be all digits. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

const PRINTABLE_ASCII = /^[ -~]*$/;

function digitCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/**
 * A card number written anywhere in `text`: any consecutive digit groups of a run, joined, that
 * make a card number (so a leading `INV-2024-` or a trailing `-01` hides nothing).
 */
export function containsCardNumber(text: string): boolean {
  // Printable ASCII (ids, names, numbers: nearly every value of a body) is its own normal form, and
  // text with fewer digits than the shortest card number holds none (issue 13: every request
  // scans its body, and NFKC per string was most of it).
  const normal = (PRINTABLE_ASCII.test(text) ? text : normaliseForCardCheck(text)).replace(
    UUID,
    ' ',
  );
  if (digitCount(normal) < 13) return false;
  for (const m of normal.matchAll(DIGIT_RUN)) {
    const groups = m[0].split(/[^\d]+/);
    for (let i = 0; i < groups.length; i++) {
      let joined = '';
      for (let j = i; j < groups.length && joined.length < 19; j++) {
        joined += groups[j];
        if (isCardNumber(joined)) return true;
      }
    }
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

/**
 * Throws 422 card_data_rejected naming where (never what) the card data was. `at` names a header
 * or a field checked on its own (`Idempotency-Key`, `approval.username`).
 */
export function rejectCardData(body: unknown, at = ''): void {
  const where = findCardData(body, at, 0);
  if (where !== null) {
    throw new PosError(
      'card_data_rejected',
      'card data is never accepted: send the payment provider token instead',
      { path: where },
    );
  }
}
