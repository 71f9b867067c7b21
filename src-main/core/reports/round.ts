/**
 * round_half_up(n / d) in integers, for money and thousandths: no float ever touches a value.
 * Halves round away from zero, so a negative amount rounds like its positive twin (−2.5 → −3).
 */
export function divRoundHalfUp(n: number, d: number): number {
  if (d <= 0 || !Number.isInteger(d)) throw new RangeError('divisor must be a positive integer');
  if (!Number.isSafeInteger(n)) throw new RangeError('dividend must be a safe integer');
  const sign = n < 0 ? -1 : 1;
  const a = Math.abs(n);
  const q = Math.floor(a / d);
  const r = a - q * d;
  const rounded = 2 * r >= d ? q + 1 : q;
  return rounded === 0 ? 0 : sign * rounded;
}

/** round_half_up(a × b / d) with a BigInt product, safe for on-hand × cost at any size. */
export function mulDivRoundHalfUp(a: number, b: number, d: number): number {
  const n = BigInt(a) * BigInt(b);
  const big = BigInt(d);
  const neg = n < 0n;
  const abs = neg ? -n : n;
  let q = abs / big;
  if (2n * (abs - q * big) >= big) q += 1n;
  const out = Number(neg ? -q : q);
  return out === 0 ? 0 : out;
}
