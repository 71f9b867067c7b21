import type { CsvRows } from './contract/define';

/**
 * RFC 4180 CSV: CRLF line ends, fields with a comma, quote or line break quoted. A text field
 * that a spreadsheet would run as a formula (= + - @ at the start) gets a leading apostrophe.
 */
function field(v: string | number | boolean | null): string {
  if (v === null) return '';
  if (typeof v !== 'string') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(rows: CsvRows): string {
  return rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}
