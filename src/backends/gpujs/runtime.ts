// The runtime that executes a Plan with GPU.js, as JavaScript text: the in-process runner
// instantiates it with `new Function`, the standalone module embeds it after an import of
// gpu.js, so both run the same code. It creates one GPU.js kernel per stage in pipeline mode
// (intermediates stay textures on a GPU; plain arrays in cpu / webasm mode), runs the param
// stages once in createKernel, solves symbolic dimensions from the input lengths, rebuilds the
// run stages only when those change, and reads back just the outputs.
//
// Nothing in a spec reaches this text as code: names travel as JSON strings, kernel texts are
// generated from numbers only.

import { MINVERSE_SOURCE } from "../../ir/math/minverse.js";
import { SH_SOURCE } from "../../ir/math/sh.js";

export const RUNTIME = String.raw`
function __lincDecode(b64) {
  if (typeof b64 !== "string") return b64;
  let bytes;
  if (typeof atob === "function") {
    const s = atob(b64);
    bytes = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  } else bytes = Uint8Array.from(Buffer.from(b64, "base64"));
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 2);
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

${MINVERSE_SOURCE}

function __lincMinverse(a, m) {
  return minverse(a, m, 2, new Float64Array(2 * m * m));
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
    if (!(Number.isInteger(v) && v >= 0 && v < n) || seen[v]) throw new RangeError("linc gpujs: invperm of a vector that is not a permutation of 0.." + (n - 1));
    seen[v] = 1;
    q[2 * v] = i;
  }
  return q;
}

function __lincOverlap(a, b) {
  // true when two typed arrays share bytes of one buffer
  return a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

// records are keyed by spec names, which may be "__proto__", "constructor", ...: read own
// properties only, and build records with no prototype
function __lincOwn(r, k) {
  return r !== null && r !== undefined && Object.prototype.hasOwnProperty.call(r, k) ? r[k] : undefined;
}

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

/** createKernel(params?, { mode?, gpu? }) -> Promise<{ run(inputs, outputs?, dims?), destroy(), mode }>. */
async function createKernel(P, options) {
  P = P || {};
  options = options || {};
  if (typeof P !== "object") throw new TypeError("params must be an object of typed arrays");
  const gpu = options.gpu || new GPU(options.mode ? { mode: options.mode } : {});
  const tables = plan.tables.map(__lincDecode);
  const slots = new Array(plan.nslots);
  for (const c of plan.consts) slots[c.slot] = tables[c.table];
  for (const p of plan.params) {
    const v = __lincOwn(P, p.name);
    const data = v === undefined ? (p.bound !== undefined ? tables[p.bound] : undefined) : ArrayBuffer.isView(v) ? v : v.data;
    if (data === undefined) throw new Error("missing param " + JSON.stringify(p.name));
    const len = 2 * __lincCount(p.shape, {});
    slots[p.slot] = v === undefined ? data : __lincComplex(data, p.dtype, len, "param " + JSON.stringify(p.name));
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
        : undefined;
      if (slots[st.out] === undefined) throw new Error("linc gpujs: unknown host step " + JSON.stringify(st.host));
      return;
    }
    let k = built.get(st);
    const len = __lincLen(st.len, D);
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
    const D = Object.create(null);
    if (Dgiven) for (const k of Object.keys(Dgiven)) D[k] = Dgiven[k];
    const data = Object.create(null);
    for (const i of plan.inputs) {
      const v = __lincOwn(I, i.name);
      if (v === undefined) throw new Error("missing input " + JSON.stringify(i.name));
      data[i.name] = ArrayBuffer.isView(v) ? v : v.data;
    }
    // an output sharing memory with an input would be read after it is written: refuse it
    for (const o of plan.outputs) {
      const out = __lincOwn(O, o.name);
      if (!ArrayBuffer.isView(out)) continue;
      for (const i of plan.inputs)
        if (ArrayBuffer.isView(data[i.name]) && __lincOverlap(out, data[i.name]))
          throw new RangeError("output " + JSON.stringify(o.name) + " overlaps input " + JSON.stringify(i.name) + ": pass a separate array");
    }
    // solve each symbolic dimension from an input whose only unknown it is
    for (let progress = true; progress; ) {
      progress = false;
      for (const i of plan.inputs) {
        const unknown = i.shape.filter((d) => typeof d === "string" && !(d in D));
        if (unknown.length !== 1) continue;
        const others = __lincCount(i.shape.filter((d) => d !== unknown[0]), D);
        const n = data[i.name].length / ((i.dtype === "c64" || i.dtype === "c128" ? 2 : 1) * others);
        if (!Number.isInteger(n) || n < 1) throw new RangeError("input " + JSON.stringify(i.name) + " length " + data[i.name].length + " does not fit its shape");
        D[unknown[0]] = n;
        progress = true;
      }
    }
    for (const i of plan.inputs) slots[i.slot] = __lincComplex(data[i.name], i.dtype, 2 * __lincCount(i.shape, D), "input " + JSON.stringify(i.name));
    for (const st of plan.stages) if (st.phase === 1) await runStage(st, D);
    const result = [];
    for (const o of plan.outputs) {
      const v = await __lincRead(slots[o.slot]);
      const count = __lincCount(o.shape, D);
      const c = o.dtype === "c64" || o.dtype === "c128";
      const Ctor = o.dtype === "f64" || o.dtype === "c128" ? Float64Array : Float32Array;
      const n = c ? 2 * count : count;
      const out = __lincOwn(O, o.name) || new Ctor(n);
      if (out.length !== n) throw new RangeError("output " + JSON.stringify(o.name) + " must have " + n + " elements, got " + out.length);
      if (c) for (let j = 0; j < n; j++) out[j] = v[j];
      else for (let j = 0; j < n; j++) out[j] = v[2 * j];
      result.push([o.name, out]);
    }
    return Object.fromEntries(result);
  }
  function destroy() {
    for (const k of built.values()) if (typeof k.kernel.destroy === "function") k.kernel.destroy();
    built.clear();
    if (!options.gpu && typeof gpu.destroy === "function") gpu.destroy();
  }
  return { run, destroy, mode: gpu.mode };
}
`;

/** Base64 of a float32 table's little-endian bytes. */
export function b64(t: Float32Array): string {
  const bytes = new Uint8Array(t.buffer, t.byteOffset, t.byteLength);
  const B = (globalThis as { Buffer?: { from(b: Uint8Array): { toString(enc: string): string } } }).Buffer;
  if (B) return B.from(bytes).toString("base64");
  // in a browser (the playground's download button): btoa over chunks of a binary string
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
