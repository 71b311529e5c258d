// Binary data in generated code: one base64 encoder (at compile time) and one decoder text (pasted
// into generated modules, run when they load). Both are plain JavaScript over the 64-letter
// alphabet, so they need neither Node's Buffer nor the browser's btoa/atob and behave the same
// in both; every backend that embeds bytes (the cpu module's large literals, the wasm module's
// binary, the gpujs module's tables) goes through them.

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Standard base64 (RFC 4648, with `=` padding) of the bytes of `data` (a byte view or a typed array). */
export function toBase64(data: ArrayBufferView): string {
  const b = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(4 * Math.ceil(b.length / 3)), A = CODES;
  const full = b.length - (b.length % 3);
  let j = 0;
  for (let i = 0; i < full; i += 3, j += 4) {
    const v = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
    out[j] = A[v >> 18]; out[j + 1] = A[(v >> 12) & 63]; out[j + 2] = A[(v >> 6) & 63]; out[j + 3] = A[v & 63];
  }
  if (b.length > full) {
    const v = (b[full] << 16) | (b.length - full === 2 ? b[full + 1] << 8 : 0);
    out[j] = A[v >> 18]; out[j + 1] = A[(v >> 12) & 63];
    out[j + 2] = b.length - full === 2 ? A[(v >> 6) & 63] : PAD;
    out[j + 3] = PAD;
  }
  // ASCII letters: TextDecoder (Node and browsers alike) makes the string in one step
  return new TextDecoder().decode(out);
}

const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const PAD = "=".charCodeAt(0);

/** The name of the run-time decoder that {@link BASE64_DECODER} defines. */
export const BASE64_DECODE = "lincBase64";

/**
 * JavaScript text defining `lincBase64(s)`: the bytes of a {@link toBase64} string as a fresh
 * Uint8Array (its buffer starts at offset 0, so a Float64Array or BigInt64Array may view it).
 */
export const BASE64_DECODER = String.raw`function ${BASE64_DECODE}(s) {
  const A = "${ALPHABET}", map = new Uint8Array(128);
  for (let i = 0; i < 64; i++) map[A.charCodeAt(i)] = i;
  const pad = s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0;
  const n = (s.length >> 2) * 3 - pad, out = new Uint8Array(n);
  for (let i = 0, j = 0; i < s.length; i += 4) {
    const v = (map[s.charCodeAt(i)] << 18) | (map[s.charCodeAt(i + 1)] << 12) | (map[s.charCodeAt(i + 2)] << 6) | map[s.charCodeAt(i + 3)];
    if (j < n) out[j++] = v >> 16;
    if (j < n) out[j++] = (v >> 8) & 255;
    if (j < n) out[j++] = v & 255;
  }
  return out;
}`;
