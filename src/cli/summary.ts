// Short human-readable summaries of arrays and of how far two results are apart.
import type { HostArray } from "../ir/host.js";
import { isComplex, shapeStr } from "../ir/types.js";

/** The values of a host array as float64 (re, im) pairs; real data gets im = 0. */
function complexValues(h: HostArray): { re: Float64Array; im: Float64Array } {
  const cplx = isComplex(h.dtype);
  const n = cplx ? h.data.length / 2 : h.data.length;
  const re = new Float64Array(n), im = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    re[i] = Number(cplx ? h.data[2 * i] : h.data[i]);
    im[i] = cplx ? Number(h.data[2 * i + 1]) : 0;
  }
  return { re, im };
}

const num = (v: number) => (v === 0 ? "0" : Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 ? v.toExponential(3) : v.toFixed(4));

export function norm(h: HostArray): number {
  const { re, im } = complexValues(h);
  let s = 0;
  for (let i = 0; i < re.length; i++) s += re[i] * re[i] + im[i] * im[i];
  return Math.sqrt(s);
}

/** `c128[2, 8]  first [1.0000+2.0000i, ...]  norm 3.1415` */
export function describeArray(h: HostArray, count = 4): string {
  const { re, im } = complexValues(h);
  const cplx = isComplex(h.dtype);
  const first = Array.from({ length: Math.min(count, re.length) }, (_, i) =>
    cplx ? `${num(re[i])}${im[i] < 0 ? "-" : "+"}${num(Math.abs(im[i]))}i` : h.dtype === "i64" ? String(h.data[i]) : num(re[i]),
  );
  const more = re.length > count ? ", …" : "";
  return `${h.dtype}${shapeStr(h.shape)}  first [${first.join(", ")}${more}]  norm ${num(norm(h))}`;
}

/** Largest absolute difference, and that relative to the largest magnitude of the reference. */
export function maxDiff(ref: HostArray, got: HostArray): { abs: number; rel: number } {
  const a = complexValues(ref), b = complexValues(got);
  if (a.re.length !== b.re.length) return { abs: Infinity, rel: Infinity };
  let abs = 0, scale = 0;
  for (let i = 0; i < a.re.length; i++) {
    abs = Math.max(abs, Math.hypot(a.re[i] - b.re[i], a.im[i] - b.im[i]));
    scale = Math.max(scale, Math.hypot(a.re[i], a.im[i]));
  }
  return { abs, rel: scale > 0 ? abs / scale : abs };
}
