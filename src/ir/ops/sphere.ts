// Sphere family: gaunt(a, b, lmax=), sh_eval(a, theta, phi), cg_path(a, b, l1=, l2=, l3=).
// Coefficient vectors are real orthonormal spherical harmonics with the Condon-Shortley phase,
// flat index l*l + l + m, on the last axis; leading axes are batch (see src/ir/math/sh.ts and
// gaunt.ts for the exact conventions). All three are (bi)linear in their coefficient inputs, so
// complex coefficients are allowed and give complex results; angles must be real.
import { type OpDefs, defineConstructor } from "../catalogue.js";
import { apply, broadcast, lastDim, requireFloat, tensorOf } from "../build.js";
import { fail } from "../errors.js";
import { mk, type Node } from "../node.js";
import { type Shape, fullShapeStr, isComplex, promote, shapeStr, tensorType, typeStr } from "../types.js";
import { type CTensor, type RValue, ctensor, numelOf } from "../value.js";
import { broadcastIndex, broadcastShapes } from "../math/batch.js";
import { gauntCoefficients, realCG } from "../math/gaunt.js";
import { realSH, shCount } from "../math/sh.js";
import { e3nnCgSign } from "../math/e3nn.js";
import { BASIS_PARAM, type Basis, e3nnBlock, fromE3nn, toE3nn } from "./sphere-basis.js";
import { type GauntTable, gauntFourierFast, gauntTableQuadrature } from "../math/fastroutes.js";

/** Largest degree any sphere op accepts (coefficient tables grow like lmax^5). */
export const SPHERE_LMAX = 64;
/**
 * The reference builds the exact coefficient table (BigInt 3j symbols) on first use; beyond this
 * many (i1, i2, l3) combinations (about l1 = l2 = lmax = 17, tens of seconds) it refuses instead.
 */
export const sphereLimits = { maxReferenceGauntWork: 1.5e6 };

function checkDegree(l: number, what: string, argIndex: number): number {
  if (l < 0) fail("E0302", `${what} must be >= 0, got ${l}`, argIndex);
  if (l > SPHERE_LMAX) fail("E0304", `${what} = ${l} is above the limit of ${SPHERE_LMAX}`, argIndex);
  return l;
}

/** The degree L of an SH coefficient tensor whose last axis has length (L+1)^2. */
function shDegree(x: Node, what: string, argIndex: number): number {
  requireFloat(x, what, argIndex);
  const n = lastDim(x, what, argIndex);
  const L = Math.round(Math.sqrt(n)) - 1;
  if ((L + 1) * (L + 1) !== n)
    fail("E0301", `${what} must hold (L+1)^2 spherical-harmonic coefficients on its last axis, got length ${n} (${typeStr(x.type)})`, argIndex);
  return checkDegree(L, `the degree of ${what}`, argIndex);
}

const lead = (x: Node): Shape => tensorOf(x).shape.slice(0, -1);
const dtypeOf = (x: Node) => tensorOf(x).dtype;

defineConstructor(
  {
    name: "gaunt",
    params: [{ name: "a", kind: "tensor" }, { name: "b", kind: "tensor" }, { name: "lmax", kind: "int" }, BASIS_PARAM],
    doc: "Gaunt tensor product of two SH coefficient vectors: c[l3,m3] = Σ a[l1,m1] b[l2,m2] ∫ Y_l1m1 Y_l2m2 Y_l3m3 dΩ for l3 <= lmax; leading axes broadcast. basis=\"e3nn\": a, b and c in e3nn's SH basis.",
    build({ a, b, lmax, basis }: { a: Node; b: Node; lmax: number; basis: Basis }) {
      const L1 = shDegree(a, "gaunt's a", 0);
      const L2 = shDegree(b, "gaunt's b", 1);
      checkDegree(lmax, "lmax", 2);
      if (basis === "e3nn") return toE3nn(lmax, gauntNode(fromE3nn(L1, a), fromE3nn(L2, b), lmax));
      return gauntNode(a, b, lmax);
    },
  },
  {
    name: "sh_eval",
    params: [{ name: "a", kind: "tensor" }, { name: "theta", kind: "tensor" }, { name: "phi", kind: "tensor" }, BASIS_PARAM],
    doc: "Evaluate an SH expansion at points: f[..., k] = Σ a[..., l,m] Y_lm(theta[k], phi[k]) (theta polar, phi azimuth). basis=\"e3nn\": a in e3nn's SH basis (same points).",
    build({ a, theta, phi, basis }: { a: Node; theta: Node; phi: Node; basis: Basis }) {
      const L = shDegree(a, "sh_eval's a", 0);
      const tt = requireFloat(theta, "theta", 1), tp = requireFloat(phi, "phi", 2);
      if (isComplex(tt.dtype)) fail("E0402", `theta must be real, got ${typeStr(tt)}`, 1);
      if (isComplex(tp.dtype)) fail("E0402", `phi must be real, got ${typeStr(tp)}`, 2);
      if (fullShapeStr(tt.shape) !== fullShapeStr(tp.shape))
        fail("E0301", `theta and phi must have the same shape, got ${shapeStr(tt.shape)} and ${shapeStr(tp.shape)}`, 2);
      const x = basis === "e3nn" ? fromE3nn(L, a) : a;
      const dtype = promote(dtypeOf(x), promote(tt.dtype, tp.dtype));
      return mk("sh_eval", tensorType(dtype, [...lead(x), ...tt.shape]), [x, theta, phi], {});
    },
  },
  {
    name: "cg_path",
    params: [
      { name: "a", kind: "tensor" }, { name: "b", kind: "tensor" },
      { name: "l1", kind: "int" }, { name: "l2", kind: "int" }, { name: "l3", kind: "int" }, BASIS_PARAM,
    ],
    doc: "One Clebsch-Gordan path (l1 ⊗ l2 -> l3) in the real SH basis: out[m3] = Σ a[m1] b[m2] C(l1m1, l2m2 | l3m3); a and b hold the single degree blocks (2l1+1 and 2l2+1 values). basis=\"e3nn\": out[k] = Σ a[i] b[j] e3nn.o3.wigner_3j(l1, l2, l3)[i, j, k].",
    build({ a, b, l1, l2, l3, basis }: { a: Node; b: Node; l1: number; l2: number; l3: number; basis: Basis }) {
      checkDegree(l1, "l1", 2);
      checkDegree(l2, "l2", 3);
      checkDegree(l3, "l3", 4);
      if (l3 < Math.abs(l1 - l2) || l3 > l1 + l2) fail("E0302", `cg_path needs |l1 - l2| <= l3 <= l1 + l2, got l1=${l1}, l2=${l2}, l3=${l3}`, 4);
      requireFloat(a, "cg_path's a", 0);
      requireFloat(b, "cg_path's b", 1);
      if (lastDim(a, "cg_path's a", 0) !== 2 * l1 + 1) fail("E0301", `cg_path's a must have 2*l1+1 = ${2 * l1 + 1} values on its last axis, got ${typeStr(a.type)}`, 0);
      if (lastDim(b, "cg_path's b", 1) !== 2 * l2 + 1) fail("E0301", `cg_path's b must have 2*l2+1 = ${2 * l2 + 1} values on its last axis, got ${typeStr(b.type)}`, 1);
      if (basis !== "e3nn") return cgNode(a, b, l1, l2, l3);
      // wigner_3j = s / √(2l3+1) · (R1ᵀ ⊗ R2ᵀ ⊗ R3ᵀ) C: rotate the inputs in, the result out
      const out = e3nnBlock(l3, true, e3nnCgSign(l1, l2, l3) / Math.sqrt(2 * l3 + 1));
      return apply(out, cgNode(apply(e3nnBlock(l1, false), a), apply(e3nnBlock(l2, false), b), l1, l2, l3));
    },
  },
);

function gauntNode(a: Node, b: Node, lmax: number): Node {
  const batch = broadcast(lead(a), lead(b));
  return mk("gaunt", tensorType(promote(dtypeOf(a), dtypeOf(b)), [...batch, shCount(lmax)]), [a, b], { lmax });
}

function cgNode(a: Node, b: Node, l1: number, l2: number, l3: number): Node {
  const batch = broadcast(lead(a), lead(b));
  return mk("cg_path", tensorType(promote(dtypeOf(a), dtypeOf(b)), [...batch, 2 * l3 + 1]), [a, b], { l1, l2, l3 });
}

/**
 * out[..., i3] = Σ_entries a[..., i1] b[..., i2] w over the broadcast batch of a and b: the
 * shared evaluation of the two bilinear sphere ops (complex arithmetic throughout).
 */
function bilinear(a: CTensor, b: CTensor, outLen: number, entries: ArrayLike<{ i1: number; i2: number; i3: number; value: number }>): CTensor {
  const na = a.shape[a.shape.length - 1], nb = b.shape[b.shape.length - 1];
  const batch = broadcastShapes(a.shape.slice(0, -1), b.shape.slice(0, -1));
  if (!batch) return fail("E0301", `cannot broadcast ${shapeStr(a.shape)} with ${shapeStr(b.shape)}`);
  const ia = broadcastIndex(batch, a.shape.slice(0, -1)), ib = broadcastIndex(batch, b.shape.slice(0, -1));
  const out = ctensor([...batch, outLen]);
  for (let p = 0; p < ia.length; p++) {
    const oa = ia[p] * na, ob = ib[p] * nb, oc = p * outLen;
    for (let e = 0; e < entries.length; e++) {
      const { i1, i2, i3, value } = entries[e];
      const ar = a.re[oa + i1], ai = a.im[oa + i1], br = b.re[ob + i2], bi = b.im[ob + i2];
      out.re[oc + i3] += value * (ar * br - ai * bi);
      out.im[oc + i3] += value * (ar * bi + ai * br);
    }
  }
  return out;
}

const degreeOf = (n: number) => Math.round(Math.sqrt(n)) - 1;
const T = (v: RValue) => v as CTensor;

/** The nonzero entries of realCG(l1, l2, l3) as (i1, i2, i3, value) over block-local indices. */
function cgEntries(l1: number, l2: number, l3: number) {
  const C = realCG(l1, l2, l3), n2 = 2 * l2 + 1, n3 = 2 * l3 + 1;
  const out: { i1: number; i2: number; i3: number; value: number }[] = [];
  C.forEach((value, k) => {
    if (value !== 0) out.push({ i1: Math.floor(k / (n2 * n3)), i2: Math.floor(k / n3) % n2, i3: k % n3, value });
  });
  return out;
}

const checkSrc = (n: Node, count: number): string | undefined =>
  n.src.length !== count ? `${n.op} takes ${count} sources, has ${n.src.length}` : n.src.some((s) => s.isOperator) ? `${n.op} takes tensors` : undefined;

export const sphereSourceOps = {
  gaunt: {
    verify: (n) => checkSrc(n, 2) ?? (tensorOf(n).shape.at(-1) === shCount(n.arg.lmax) ? undefined : "gaunt output length must be (lmax+1)^2"),
    tensor(n, [a, b]) {
      const A = T(a), B = T(b), lmax = n.arg.lmax;
      const L1 = degreeOf(A.shape.at(-1)!), L2 = degreeOf(B.shape.at(-1)!);
      const work = shCount(L1) * shCount(L2) * (Math.min(lmax, L1 + L2) + 1);
      if (work > sphereLimits.maxReferenceGauntWork)
        fail("E0602", `a Gaunt product of degrees ${L1} x ${L2} -> ${lmax} is too large for the reference interpreter's exact coefficient table`);
      const coeffs = gauntCoefficients(L1, L2, lmax);
      return bilinear(A, B, shCount(lmax), coeffs);
    },
  },
  sh_eval: {
    verify: (n) => checkSrc(n, 3),
    tensor(_n, [a, theta, phi]) {
      const A = T(a), th = T(theta), ph = T(phi);
      const na = A.shape.at(-1)!, L = degreeOf(na);
      const batch = A.shape.slice(0, -1), nb = numelOf(batch), K = th.re.length;
      const out = ctensor([...batch, ...th.shape]);
      const Y = new Float64Array(na);
      for (let k = 0; k < K; k++) {
        realSH(L, th.re[k], ph.re[k], Y);
        for (let p = 0; p < nb; p++) {
          let sr = 0, si = 0;
          for (let i = 0; i < na; i++) (sr += A.re[p * na + i] * Y[i]), (si += A.im[p * na + i] * Y[i]);
          out.re[p * K + k] = sr;
          out.im[p * K + k] = si;
        }
      }
      return out;
    },
  },
  cg_path: {
    verify: (n) => checkSrc(n, 2) ?? (tensorOf(n).shape.at(-1) === 2 * n.arg.l3 + 1 ? undefined : "cg_path output length must be 2*l3+1"),
    tensor(n, [a, b]) {
      const { l1, l2, l3 } = n.arg;
      return bilinear(T(a), T(b), 2 * l3 + 1, cgEntries(l1, l2, l3));
    },
  },
} satisfies OpDefs;

// Kernel-level lowerings of gaunt and sh_eval (chosen by src/passes/rules/sphere.ts). Each
// evaluates by its own route, so passes and benchmarks see the route they picked.

/** The Gaunt table a direct product uses: the exact one where the reference can build it, else by quadrature. */
export function gauntTableFor(L1: number, L2: number, lmax: number): GauntTable {
  const work = shCount(L1) * shCount(L2) * (Math.min(lmax, L1 + L2) + 1);
  if (work > sphereLimits.maxReferenceGauntWork) return gauntTableQuadrature(L1, L2, lmax);
  const key = `${L1},${L2},${lmax}`;
  let t = exactTables.get(key);
  if (!t) {
    const e = gauntCoefficients(L1, L2, lmax);
    t = { i1: Int32Array.from(e, (x) => x.i1), i2: Int32Array.from(e, (x) => x.i2), i3: Int32Array.from(e, (x) => x.i3), value: Float64Array.from(e, (x) => x.value) };
    exactTables.set(key, t);
  }
  return t;
}
const exactTables = new Map<string, GauntTable>();

/** Pairs of batch rows (broadcast) of a and b, calling f(rowA, rowB, rowOut). */
function eachPair(a: CTensor, b: CTensor, outLen: number, f: (pa: number, pb: number, p: number, out: CTensor) => void): CTensor {
  const batch = broadcastShapes(a.shape.slice(0, -1), b.shape.slice(0, -1));
  if (!batch) return fail("E0301", `cannot broadcast ${shapeStr(a.shape)} with ${shapeStr(b.shape)}`);
  const ia = broadcastIndex(batch, a.shape.slice(0, -1)), ib = broadcastIndex(batch, b.shape.slice(0, -1));
  const out = ctensor([...batch, outLen]);
  for (let p = 0; p < ia.length; p++) f(ia[p], ib[p], p, out);
  return out;
}

const row = (x: CTensor, p: number) => {
  const n = x.shape.at(-1)!;
  return { re: x.re.subarray(p * n, (p + 1) * n), im: x.im.subarray(p * n, (p + 1) * n) };
};

export const sphereKernelOps = {
  gaunt_direct: {
    verify: (n) => checkSrc(n, 2) ?? (tensorOf(n).shape.at(-1) === shCount(n.arg.lmax) ? undefined : "gaunt_direct output length must be (lmax+1)^2"),
    tensor(n, [a, b]) {
      const A = T(a), B = T(b), lmax = n.arg.lmax, n3 = shCount(lmax);
      const t = gauntTableFor(degreeOf(A.shape.at(-1)!), degreeOf(B.shape.at(-1)!), lmax);
      return eachPair(A, B, n3, (pa, pb, p, out) => {
        const x = row(A, pa), y = row(B, pb), o = p * n3;
        for (let e = 0; e < t.value.length; e++) {
          const v = t.value[e], ar = x.re[t.i1[e]], ai = x.im[t.i1[e]], br = y.re[t.i2[e]], bi = y.im[t.i2[e]];
          out.re[o + t.i3[e]] += v * (ar * br - ai * bi);
          out.im[o + t.i3[e]] += v * (ar * bi + ai * br);
        }
      });
    },
  },
  gaunt_fourier: {
    verify: (n) => checkSrc(n, 2) ?? (tensorOf(n).shape.at(-1) === shCount(n.arg.lmax) ? undefined : "gaunt_fourier output length must be (lmax+1)^2"),
    tensor(n, [a, b]) {
      const A = T(a), B = T(b), lmax = n.arg.lmax, n3 = shCount(lmax);
      return eachPair(A, B, n3, (pa, pb, p, out) => {
        const c = gauntFourierFast(row(A, pa), row(B, pb), lmax);
        out.re.set(c.re, p * n3);
        out.im.set(c.im, p * n3);
      });
    },
  },
  sh_matrix: {
    verify: (n) => checkSrc(n, 2) ?? (tensorOf(n).shape[1] === shCount(n.arg.lmax) ? undefined : "sh_matrix has (lmax+1)^2 columns"),
    tensor(n, [theta, phi]) {
      const th = T(theta), ph = T(phi), L = n.arg.lmax, K = th.re.length, nc = shCount(L);
      const out = ctensor([K, nc]);
      for (let k = 0; k < K; k++) out.re.set(realSH(L, th.re[k], ph.re[k]), k * nc);
      return out;
    },
  },
} satisfies OpDefs;
