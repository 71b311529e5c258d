// The runtime that executes a Plan with GPU.js, as JavaScript text: the in-process runner
// instantiates it with `new Function`, the standalone module embeds it after an import of
// gpu.js, so both run the same code. It creates one GPU.js kernel per stage in pipeline mode
// (intermediates stay textures on a GPU; plain arrays in cpu / webasm mode), runs the param
// stages once in createKernel, solves symbolic dimensions from the input lengths, rebuilds the
// run stages only when those change, and reads back just the outputs.
//
// The boundary checks (arguments, dims, overlap, element limit) are the cpu module's own text
// (src/backends/shared/boundary.ts), so both modules refuse the same arguments the same way.
//
// Nothing in a spec reaches this text as code: names travel as JSON strings, kernel texts are
// generated from numbers only.

import { BASE64_DECODE, BASE64_DECODER } from "../../codegen/base64.js";
import { BLOCK2_SOURCE } from "../../ir/math/block2.js";
import { SH_SOURCE } from "../../ir/math/sh.js";
import { BOUNDARY_SOURCE } from "../shared/boundary.js";
import { linalgSource } from "../shared/linalg.js";

export const RUNTIME = String.raw`
function __lincDecode(b64) {
  if (typeof b64 !== "string") return b64;
  ${BASE64_DECODER.replace(/\n/g, "\n  ")}
  const bytes = ${BASE64_DECODE}(b64);
  return new Float32Array(bytes.buffer, 0, bytes.byteLength >> 2);
}

async function __lincRead(v) {
  if (ArrayBuffer.isView(v)) return v;
  if (v && typeof v.toArray === "function") {
    const r = await v.toArray();
    return ArrayBuffer.isView(r) ? r : Float32Array.from(r);
  }
  if (Array.isArray(v)) return Float32Array.from(v);
  throw new Error("linc gpujs: cannot read back a value of type " + typeof v);
}

function __lincComplex(data, dtype, len, what) {
  const c = dtype === "c64" || dtype === "c128";
  const n = c ? data.length : 2 * data.length;
  if (n !== len) throw new RangeError(what + " must have " + (c ? len : len / 2) + " elements, got " + data.length);
  if (c && data instanceof Float32Array) return data;
  const out = new Float32Array(len);
  if (c) for (let i = 0; i < len; i++) out[i] = Number(data[i]);
  else for (let i = 0; i < data.length; i++) out[2 * i] = Number(data[i]);
  return out;
}

${linalgSource(["minverse", "mcayley"])}

function __lincMinverse(a, m) {
  // each m x m matrix of a batch, complex interleaved, in float64
  const y = new Float64Array(a.length), mm = 2 * m * m;
  for (let o = 0; o < a.length; o += mm) minverse(a.subarray(o, o + mm), m, 2, y.subarray(o, o + mm));
  return y;
}

${BLOCK2_SOURCE}

function __lincBlock2(a, L, mode) {
  // twiddles [L, h, 2, 2], complex interleaved: blocks inverted / transposed / conjugate-transposed in float64, factor order reversed
  const h = a.length / (8 * L);
  return block2(a, L, h, 2, mode, new Float64Array(a.length));
}

function __lincMcayley(h, c) {
  // G_k = (I + H_k)^-1 (I - H_k) per frequency, H [c, c, n] complex interleaved, in float64
  // (the reference's solve, src/ir/math/mcayley.ts); a singular I + H_k gives infinities / NaNs
  const y = new Float64Array(h.length);
  mcayley(h, c, h.length / (2 * c * c), y);
  return y;
}

${SH_SOURCE}

function __lincShMatrix(theta, phi, L) {
  // Y[k, i] = Y_i(theta_k, phi_k): the reference's recursion (src/ir/math/sh.ts), float64, on interleaved complex angles
  const K = theta.length >> 1;
  return shMatrix(theta, 2, phi, 2, K, L, 2, new Float32Array(2 * K * (L + 1) * (L + 1)));
}

function __lincInvperm(p) {
  // p complex interleaved (real parts are the indices); q[p[i]] = i
  const n = p.length >> 1, q = new Float32Array(2 * n), seen = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = p[2 * i];
    if (!(Number.isInteger(v) && v >= 0 && v < n) || seen[v]) throw Object.assign(new RangeError("E0603: invperm of a vector that is not a permutation of 0.." + (n - 1)), { code: "E0603" });
    seen[v] = 1;
    q[2 * v] = i;
  }
  return q;
}

${BOUNDARY_SOURCE}

// records are keyed by spec names, which may be "__proto__", "constructor", ...: read own
// properties only, and build records with no prototype
function __lincOwn(r, k) {
  return r !== null && r !== undefined && Object.prototype.hasOwnProperty.call(r, k) ? r[k] : undefined;
}

// a record of the arrays under the given names, a HostArray ({ dtype, shape, data }) unwrapped to its data
function __lincArrays(r, decls) {
  const out = Object.create(null);
  for (const d of decls) {
    const v = __lincOwn(r, d.name);
    out[d.name] = v !== null && typeof v === "object" && !ArrayBuffer.isView(v) && !Array.isArray(v) && "data" in v ? v.data : v;
  }
  return out;
}

// the cpu module's array classes: BigInt64Array for index data, else by precision
const __lincCtor = (dtype) => (dtype === "i64" ? BigInt64Array : dtype === "f64" || dtype === "c128" ? Float64Array : Float32Array);
const __lincWidth = (dtype) => (dtype === "c64" || dtype === "c128" ? 2 : 1);

function __lincLen(e, D) {
  let v = e.k;
  for (const d of e.dims) v *= D[d];
  return v;
}

function __lincCount(shape, D) {
  let v = 1;
  for (const d of shape) v *= typeof d === "number" ? d : D[d];
  return v;
}

/**
 * createKernel(params?, { mode?, gpu?, maxLaunch? }) -> Promise<{ run(inputs, outputs?, dims?), destroy(), mode }>.
 * maxLaunch: the longest launch in floats (default 2^24 on a GPU, where thread indices are float32; unlimited in cpu mode).
 */
async function createKernel(P, options) {
  if (P !== undefined && (P === null || typeof P !== "object")) throw new TypeError("params must be an object of typed arrays");
  options = options || {};
  const gpu = options.gpu || new GPU(options.mode ? { mode: options.mode } : {});
  const tables = plan.tables.map(__lincDecode);
  const slots = new Array(plan.nslots);
  for (const c of plan.consts) slots[c.slot] = tables[c.table];
  const given = __lincArrays(P, plan.params);
  for (const p of plan.params) {
    if (given[p.name] === undefined && p.bound !== undefined) {
      slots[p.slot] = tables[p.bound];
      continue;
    }
    const len = __lincCount(p.shape, {});
    const data = takeArray(given, p.name, "param", __lincCtor(p.dtype), len * __lincWidth(p.dtype));
    if (p.perm) checkPerm(data, p.name);
    slots[p.slot] = __lincComplex(data, p.dtype, 2 * len, "param " + JSON.stringify(p.name));
  }
  const settings = (len) => ({ output: [len], pipeline: true, immutable: false, precision: "single", tactic: "precision" });
  const argOf = (a) => ("s" in a ? slots[a.s] : tables[a.t]);
  const built = new Map();
  async function runStage(st, D) {
    if (st.host) {
      const xs = [];
      for (const a of st.args) xs.push(await __lincRead(slots[a.s]));
      slots[st.out] =
        st.host === "minverse" ? __lincMinverse(xs[0], st.m)
        : st.host === "shmatrix" ? __lincShMatrix(xs[0], xs[1], st.m)
        : st.host === "invperm" ? __lincInvperm(xs[0])
        : st.host.startsWith("block2:") ? __lincBlock2(xs[0], st.m, st.host.slice(7))
        : st.host === "mcayley" ? __lincMcayley(xs[0], st.m)
        : undefined;
      if (slots[st.out] === undefined) throw new Error("linc gpujs: unknown host step " + JSON.stringify(st.host));
      return;
    }
    let k = built.get(st);
    const len = __lincLen(st.len, D);
    if (len === 0) {
      // an empty batch: nothing to launch (GPU.js has no kernels of size 0)
      slots[st.out] = new Float32Array(0);
      return;
    }
    if (!k || k.len !== len) {
      if (k && typeof k.kernel.destroy === "function") k.kernel.destroy();
      k = { len, kernel: gpu.createKernel(st.src, settings(len)) };
      built.set(st, k);
    }
    slots[st.out] = await k.kernel(...st.args.map(argOf));
  }
  for (const st of plan.stages) if (st.phase === 0) await runStage(st, {});

  // runs share the slots, so calls on one kernel are queued: each starts when the previous one
  // has settled (a failed run does not stop the ones after it)
  let queue = Promise.resolve();
  function run(I, O, Dgiven) {
    const r = queue.then(() => runNow(I, O, Dgiven));
    queue = r.then(() => undefined, () => undefined);
    return r;
  }
  async function runNow(I, O, Dgiven) {
    if (I === null || typeof I !== "object") throw new TypeError("inputs must be an object of typed arrays");
    const given = __lincArrays(I, plan.inputs);
    const data = Object.create(null);
    for (const i of plan.inputs) data[i.name] = takeArray(given, i.name, "input", __lincCtor(i.dtype), -1);
    for (const i of plan.inputs) if (i.perm) checkPerm(data[i.name], i.name);
    const D = __lincDims(data, Dgiven);
    for (const i of plan.inputs) {
      const len = __lincCount(i.shape, D) * __lincWidth(i.dtype);
      if (data[i.name].length !== len) throw new RangeError("input " + JSON.stringify(i.name) + " must have " + len + " elements, got " + data[i.name].length);
    }
    // the element limit with these dims, before anything of that size is allocated
    for (const a of [...plan.inputs, ...plan.outputs]) checkElements(__lincCount(a.shape, D), JSON.stringify(a.name) + " (" + a.dtype + "[" + a.shape.join(", ") + "])");
    for (const st of plan.stages) if (st.phase === 1 && !st.host) checkElements(__lincLen(st.len, D) / 2, "a value computed by a gpujs stage");
    const outs = plan.outputs.map((o) => takeOut(O, o.name, __lincCtor(o.dtype), __lincCount(o.shape, D) * __lincWidth(o.dtype)));
    noOverlap(outs, plan.outputs.map((o) => o.name), plan.inputs.map((i) => data[i.name]), plan.inputs.map((i) => i.name));
    // float32 thread indices are exact only below 2^24: on a GPU, a launch longer than that is
    // split along the leading symbolic dimension (rows are independent), one launch per part
    const limit = options.maxLaunch || (gpu.mode === "cpu" ? Infinity : 16777216);
    let longest = 0;
    for (const st of plan.stages) if (st.phase === 1 && !st.host) longest = Math.max(longest, __lincLen(st.len, D));
    if (longest <= limit) await runRows(data, outs, D, undefined, 0, 0);
    else {
      const B = __lincRowDim(D, longest, limit);
      const per = Math.max(1, Math.floor(limit / (longest / D[B])));
      for (let r0 = 0; r0 < D[B]; r0 += per) await runRows(data, outs, D, B, r0, Math.min(D[B], r0 + per));
    }
    return Object.fromEntries(plan.outputs.map((o, k) => [o.name, outs[k]]));
  }
  // the run stages over rows r0..r1 of dimension B (all rows when B is undefined), outputs written at their rows
  async function runRows(data, outs, D, B, r0, r1) {
    const Dp = Object.assign(Object.create(null), D);
    if (B !== undefined) Dp[B] = r1 - r0;
    const rowOf = (a) => (B !== undefined && a.shape[0] === B ? __lincCount(a.shape.slice(1), D) * __lincWidth(a.dtype) : 0);
    for (const i of plan.inputs) {
      const w = rowOf(i), sub = w ? data[i.name].subarray(r0 * w, r1 * w) : data[i.name];
      slots[i.slot] = __lincComplex(sub, i.dtype, 2 * __lincCount(i.shape, Dp), "input " + JSON.stringify(i.name));
    }
    for (const st of plan.stages) if (st.phase === 1) await runStage(st, Dp);
    for (let k = 0; k < plan.outputs.length; k++) {
      const o = plan.outputs[k], out = outs[k], at = rowOf(o) * r0, n = __lincCount(o.shape, Dp) * __lincWidth(o.dtype);
      const v = n === 0 ? out : await __lincRead(slots[o.slot]);
      if (__lincWidth(o.dtype) === 2) for (let j = 0; j < n; j++) out[at + j] = v[j];
      else if (o.dtype === "i64") for (let j = 0; j < n; j++) out[at + j] = BigInt(Math.round(v[2 * j]));
      else for (let j = 0; j < n; j++) out[at + j] = v[2 * j];
    }
  }
  // the dimension a too-long launch is split along: the one symbolic dimension, leading every
  // input and output that has one, with no host step on run-time data and one row within the limit
  function __lincRowDim(D, longest, limit) {
    const names = new Set();
    for (const a of [...plan.inputs, ...plan.outputs]) for (const d of a.shape) if (typeof d === "string") names.add(d);
    const B = [...names][0];
    const leads = [...plan.inputs, ...plan.outputs].every((a) => a.shape.every((d, j) => typeof d !== "string" || (d === B && j === 0)));
    const host = plan.stages.some((st) => st.phase === 1 && st.host);
    if (names.size !== 1 || !leads || host || D[B] === 0 || longest / D[B] > limit)
      throw new RangeError("linc gpujs: a launch of " + longest + " floats is past float32's exact thread indices (" + limit + ") and this kernel cannot be split by rows: run it on smaller batches");
    return B;
  }
  // symbolic dimensions: given in dims (non-negative integers), or solved from an input whose only unknown each is
  function __lincDims(data, Dgiven) {
    const D = Object.create(null);
    for (const i of plan.inputs)
      for (const d of i.shape)
        if (typeof d === "string" && !(d in D)) {
          const v = takeDim(Dgiven, d);
          if (v >= 0) D[d] = v;
        }
    for (let progress = true; progress; ) {
      progress = false;
      for (const i of plan.inputs) {
        const unknown = [...new Set(i.shape.filter((d) => typeof d === "string" && !(d in D)))];
        if (unknown.length !== 1 || i.shape.filter((d) => d === unknown[0]).length !== 1) continue;
        const known = __lincCount(i.shape.filter((d) => d !== unknown[0]), D) * __lincWidth(i.dtype);
        D[unknown[0]] = solveDim(data[i.name].length, known, unknown[0], i.name);
        progress = true;
      }
    }
    for (const i of plan.inputs)
      for (const d of i.shape)
        if (typeof d === "string" && !(d in D)) throw new Error("dimension " + JSON.stringify(d) + " is not determined by the inputs: pass it in dims");
    return D;
  }
  function destroy() {
    for (const k of built.values()) if (typeof k.kernel.destroy === "function") k.kernel.destroy();
    built.clear();
    if (!options.gpu && typeof gpu.destroy === "function") gpu.destroy();
  }
  return { run, destroy, mode: gpu.mode };
}
`;
