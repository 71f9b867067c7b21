/**
 * Splitting a bill at the till (issue 10). Evenly: N shares of ⌊total / N⌋, the last share taking
 * the remainder, so the shares add up to the total exactly. By item: the server prices the chosen
 * lines (`splitPreview`), each with its own tax and discount share.
 */

/** How the sale on the till is being split, if it is. */
export type Split =
  { kind: 'even'; ways: number; paidShares: number } | { kind: 'items'; paidItemIds: string[] };

/** The amount of share `index` (0-based) of `total` split `ways` ways. */
export function evenShare(total: number, ways: number, index: number): number {
  const share = Math.floor(total / ways);
  return index < ways - 1 ? share : total - share * (ways - 1);
}

/** What the next guest pays under an even split: their share, never more than is still due. */
export function nextEvenShare(
  total: number,
  balance: number,
  split: { ways: number; paidShares: number },
) {
  if (split.paidShares >= split.ways - 1) return balance;
  return Math.min(balance, evenShare(total, split.ways, split.paidShares));
}
