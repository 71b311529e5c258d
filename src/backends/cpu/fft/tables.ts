// Twiddle tables, built by code at kernel load time rather than shipped as literals.
//
// TRIG_JS is JavaScript source (placed inside every kernel factory) for `twTable`, which
// fills the per-pass twiddles of a Stockham pass in the order the pass reads them, and
// `turn`, linc's one accurate e^{2πi e/n} (src/ir/math/trig.ts: the angle reduced to the first
// octant first, so cos(2π·(n−1)/n) is as accurate as cos(2π/n)), and `shared`, which memoises a table or
// scratch array by key in one pool per JavaScript realm (on globalThis, so the standalone
// kernels of one module, or of one process, find each other's arrays). Tables are read-only
// after they are built, so any kernels may share them. Scratch is shared by role and size:
// a kernel only calls kernels of another kind (rfft calls complex, Rader calls mixed), never
// one that uses the same key, and runs are not re-entrant anyway, so no two live calls can
// hold the same scratch. This keeps e.g. an rfft and an irfft of the same n to one set of
// buffers and one set of twiddles (inverse kernels use the forward tables conjugated).
import { type StageProgram, TURN_SOURCE, twiddle } from "../../../ir/index.js";

export const TRIG_JS = `
  const pool = globalThis[Symbol.for("linc.fft.shared.v1")] || (globalThis[Symbol.for("linc.fft.shared.v1")] = new Map());
  function shared(key, make) {
    let v = pool.get(key);
    if (v === undefined) pool.set(key, (v = make()));
    return v;
  }
  ${TURN_SOURCE.replace(/\n/g, "\n  ")}
  // Twiddles of one pass: for p < m and each j of js, e^{sign·2πi·j·p/(r·m)}, (re, im) interleaved.
  function twTable(r, m, sign, js) {
    const t = new Float64Array(2 * js.length * m);
    for (let p = 0, k = 0; p < m; p++) for (const j of js) { turn(sign * j * p, r * m, t, k); k += 2; }
    return t;
  }
  // e^{sign·2πi·k/n} for k < len, (re, im) interleaved: a real FFT's split or join twiddles.
  function turnTable(n, sign, len) {
    const t = new Float64Array(2 * len);
    for (let k = 0; k < len; k++) turn(sign * k, n, t, 2 * k);
    return t;
  }
`;

/**
 * The tables of a program that the lowering made by the one trig routine and that the kernel
 * rebuilds at load by the same routine (TRIG_JS: `turn`), bit for bit: each a Stockham pass's
 * twiddles w_{p,j} = e^{sign·2πi·jp/(rm)} ([p][j]) or a real FFT's e^{sign·2πi·k/n}, checked
 * entry by entry against the program's data (another table of the same name stays embedded).
 * Name -> the expression, memoised per realm by TRIG_JS's `shared`.
 */
export function loadTimeTables(p: StageProgram): Map<string, string> {
  const out = new Map<string, string>();
  const consider = (name: string, len: number, e: (k: number) => number, n: number, sign: 1 | -1, code: string) => {
    const data = p.tables[name];
    if (out.has(name) || data.length !== 2 * len) return;
    for (let k = 0; k < len; k++) {
      const [re, im] = twiddle(e(k), n, sign);
      if (!Object.is(re, data[2 * k]) || !Object.is(im, data[2 * k + 1])) return;
    }
    out.set(name, `shared(${JSON.stringify(`stage ${code}`)}, () => ${code})`);
  };
  for (const st of p.stages) {
    if (st.op === "stockham" && st.arg.twiddles) {
      const { r, sign } = st.arg, m = st.geom.n / (r * st.arg.s);
      consider(st.arg.twiddles, m * r, (k) => Math.floor(k / r) * (k % r), r * m, sign, `twTable(${r}, ${m}, ${sign}, [${Array.from({ length: r }, (_, j) => j).join(", ")}])`);
    } else if (st.op === "real_split") {
      const h = st.geom.n;
      consider(st.arg.twiddles, h + 1, (k) => k, 2 * h, -1, `turnTable(${2 * h}, -1, ${h + 1})`);
    } else if (st.op === "real_join") {
      const h = st.geom.n - 1;
      consider(st.arg.twiddles, h, (k) => k, 2 * h, 1, `turnTable(${2 * h}, 1, ${h})`);
    }
  }
  return out;
}
