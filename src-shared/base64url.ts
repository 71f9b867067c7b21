/**
 * Strict base64url (RFC 4648 §5, no padding) decoding without Node's Buffer, so the shared
 * schemas also run in the renderer. Non-canonical text (stray bits in the last character, a
 * length no byte count produces) is refused rather than silently rounded.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function decodeBase64url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let acc = 0;
  let bits = 0;
  let n = 0;
  for (const ch of text) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return null;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
    acc &= (1 << bits) - 1;
  }
  // Leftover bits must be zero, else two different texts would decode to the same bytes.
  if (acc !== 0) return null;
  return out;
}
