/**
 * What a cashier types, turned into an FTS5 query that can never be a syntax error. FTS5's query
 * language has operators (AND OR NOT NEAR, `"`, `*`, `^`, `:`, parentheses, `-`, `+`); rather than
 * escape them, only the words are kept: each run of letters, digits and combining marks becomes a
 * quoted prefix term (`"caf"*`), so "caf" finds "Café crème" and every word must match somewhere
 * (implicit AND). Inside quotes FTS5 reads nothing as an operator, and a word can hold no quote.
 */

/** More words than this add nothing a cashier needs and only make the query slower. */
export const MAX_TERMS = 8;

const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** The words of `input`, in order, lower-cased and without duplicates (at most MAX_TERMS). */
export function searchTerms(input: string): string[] {
  const seen = new Set<string>();
  for (const m of input.normalize('NFC').matchAll(WORD)) {
    seen.add(m[0].toLowerCase());
    if (seen.size === MAX_TERMS) break;
  }
  return [...seen];
}

/** The FTS5 MATCH expression for `input`, or null when it holds no word to search for. */
export function ftsMatch(input: string): string | null {
  const terms = searchTerms(input);
  return terms.length ? terms.map((t) => `"${t}"*`).join(' ') : null;
}

/** For the LIKE fallback: `%` and `_` typed by the user are literal, not wildcards. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
