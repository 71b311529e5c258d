// The float64 linear algebra of src/ir/math as run-time JavaScript text, for the modules the
// backends emit (the cpu/wasm runtime library, src/backends/cpu/lib/dense.ts; the gpujs runtime,
// src/backends/gpujs/runtime.ts). An emitted module cannot import src/ir, so each definition here
// is the reference's own function serialised with Function.prototype.toString(): the algorithm
// exists once, in src/ir/math, and the modules run the very code the reference runs. The
// serialised functions refer only to their arguments and JavaScript's globals; a function that
// needs another (the pivoted solve) is built by a factory that takes it, so the text never depends
// on what a bundler named anything. Numbers travel as JSON (shortest round-trip decimals: exact).
import { dplrNodeWith, dplrSpectrumWith } from "../../ir/math/dplrspectrum.js";
import { TURN_SOURCE } from "../../ir/math/trig.js";
import { PADE13, THETA13, expmWith } from "../../ir/math/expm.js";
import { mcayleyWith } from "../../ir/math/mcayley.js";
import { minverseWith } from "../../ir/math/minverse.js";
import { luSolve } from "../../ir/math/solve.js";
import { ERF_GRID, ERF_SMALL, ERF_TAYLOR, erfWith } from "../../ir/math/erf.js";

/**
 * A function's text as an expression that works wherever it is pasted. Some transpilers (tsx,
 * esbuild with keepNames) wrap inner functions in calls of their own `__name` helper, which the
 * emitted module does not define: the text gets a do-nothing `__name` in its own scope.
 */
const text = (f: (...args: never[]) => unknown): string => `((__name) => (${f.toString()}))((f) => f)`;

export type LinalgName = "luSolve" | "minverse" | "mcayley" | "expmPade" | "dplrNode" | "dplrSpectrum" | "erf";

/** Each run-time function: the text defining a `const` of its name, and the names it needs defined first. */
export const LINALG: Record<LinalgName, { src: string; deps: LinalgName[] }> = {
  // M X = Y in place (interleaved complex float64), partial pivoting by |re| + |im|: src/ir/math/solve.ts
  luSolve: { src: `const luSolve = ${text(luSolve)};`, deps: [] },
  // minverse(a, n, w, y): the inverse of a square matrix, w = 1 real, 2 complex: src/ir/math/minverse.ts
  minverse: { src: `const minverse = (${text(minverseWith)})(luSolve);`, deps: ["luSolve"] },
  // mcayley(h, c, n, y): per-frequency (I + H_k)^-1 (I - H_k): src/ir/math/mcayley.ts
  mcayley: { src: `const mcayley = (${text(mcayleyWith)})(luSolve);`, deps: ["luSolve"] },
  // expmPade(X, n): exp of an interleaved complex matrix, [13/13] Padé: src/ir/math/expm.ts
  expmPade: { src: `const expmPade = (${text(expmWith)})(luSolve, ${JSON.stringify(PADE13)}, ${JSON.stringify(THETA13)});`, deps: ["luSolve"] },
  // dplrNode(j, L): γ_j and s_j at the L-th roots of unity: src/ir/math/dplrspectrum.ts
  // (with the one trig routine, src/ir/math/trig.ts, in its own scope: a module may define `turn` too)
  dplrNode: { src: `const dplrNode = (${text(dplrNodeWith)})((() => { ${TURN_SOURCE}\n return (e, n) => { const w = [0, 0]; turn(e, n, w, 0); return w; }; })());`, deps: [] },
  // dplrSpectrum(lam, Q, r, b, c, dt, L, X, pole): Cauchy sums + Woodbury: src/ir/math/dplrspectrum.ts
  // erf(x), float64, from its tables: src/ir/math/erf.ts (gelu's)
  erf: { src: `const erf = (${text(erfWith)})(${JSON.stringify(ERF_SMALL)}, ${JSON.stringify(ERF_TAYLOR)}, ${JSON.stringify(ERF_GRID)});`, deps: [] },
  dplrSpectrum: { src: `const dplrSpectrum = (${text(dplrSpectrumWith)})(luSolve, dplrNode);`, deps: ["luSolve", "dplrNode"] },
};

/** The definitions of `names` and everything they need, each once, dependencies first. */
export function linalgSource(names: readonly LinalgName[]): string {
  const out: LinalgName[] = [];
  const add = (k: LinalgName): void => {
    if (out.includes(k)) return;
    LINALG[k].deps.forEach(add);
    out.push(k);
  };
  names.forEach(add);
  return out.map((k) => LINALG[k].src).join("\n");
}
