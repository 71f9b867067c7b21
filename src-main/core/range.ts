/**
 * The `range` query parameter (sections 4 and 9): `24h`, `7d`, `30d` (ending now) or
 * `<ISO>..<ISO>`. Ranges are half-open, [from, to). Anything else is 400 `invalid_range`.
 */
import { PosError } from '../../src-shared/errors';

export interface TimeRange {
  from: string;
  to: string;
}

const RELATIVE_MS: Record<string, number> = {
  '24h': 24 * 3600_000,
  '7d': 7 * 24 * 3600_000,
  '30d': 30 * 24 * 3600_000,
};

/** A full ISO 8601 instant with a zone (Z or ±hh:mm); a bare date is accepted as UTC midnight. */
const ISO_INSTANT =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

function parseInstant(s: string, raw: string): Date {
  const d = new Date(s);
  if (!ISO_INSTANT.test(s) || Number.isNaN(d.getTime()))
    throw bad(raw, `${s} is not an ISO 8601 instant`);
  // Reject dates that JS silently rolls over (2026-02-30).
  const datePart = s.slice(0, 10);
  if (s.length === 10 && d.toISOString().slice(0, 10) !== datePart)
    throw bad(raw, `${s} is not a calendar date`);
  return d;
}

function bad(raw: string, why: string): PosError {
  return new PosError('invalid_range', `range must be 24h, 7d, 30d or <ISO>..<ISO> (${why})`, {
    range: raw,
  });
}

export function parseRange(raw: string | undefined | null, now: Date): TimeRange {
  if (raw === undefined || raw === null || raw === '') throw bad(String(raw ?? ''), 'missing');
  const rel = RELATIVE_MS[raw];
  if (rel !== undefined)
    return { from: new Date(now.getTime() - rel).toISOString(), to: now.toISOString() };
  const parts = raw.split('..');
  if (parts.length !== 2) throw bad(raw, 'unknown form');
  const from = parseInstant(parts[0]!.trim(), raw);
  const to = parseInstant(parts[1]!.trim(), raw);
  if (from.getTime() > to.getTime()) throw bad(raw, 'from is after to');
  return { from: from.toISOString(), to: to.toISOString() };
}

/** For optional ranges: undefined stays undefined, anything given must parse. */
export function parseOptionalRange(raw: string | undefined, now: Date): TimeRange | undefined {
  return raw === undefined ? undefined : parseRange(raw, now);
}
