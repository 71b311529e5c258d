// The two ways a stage program reaches onnxruntime: inside a model, as the rendering of a kernel
// op that carries one (`arg.stages`: the `lower` pass records it for the ops in the onnx
// schedule's stageOps), applied along the last axis of a value; and alone, as a one-program
// model for the stage-level tests (Backend.runStages: test/stages).
import { type Node, type NodeOf, type OperatorType, type StageBuf, type StageProgram, boundSource, bufferSize } from "../../ir/index.js";
import type { StageRunner } from "../backend.js";
import { GraphBuilder, type Prec } from "./graph.js";
import { type Val, part, toPrec } from "./complex.js";
import { type SBuf, enterRows, leaveRows, promoteS, realS, renderStages } from "./stagerender.js";
import { createSession, loadOrt } from "./run.js";
import type { Ctx } from "./ctx.js";

type Staged = NodeOf<"dft" | "rdft" | "irdft" | "dct" | "wht" | "butterfly" | "monarch">;

/** The recorded stage program of a kernel op (the lower pass's, for the onnx schedule's stageOps). */
export function stagesOf(A: Staged): StageProgram {
  const p = A.arg.stages;
  if (!p) throw new Error(`internal: ${A.op} reached the onnx backend without its stage program (lowerForBackend records it)`);
  return p;
}

/**
 * y = A x along the last axis of x by A's stage program: x is read as the program's input
 * (its real part for a real input), an operator's weights (butterfly) are its shared input.
 */
export function applyStages(c: Ctx, A: Staged, x: Val): Val {
  const p = stagesOf(A), g = c.g;
  const [xin] = p.inputs.filter((b) => !b.shared), [out] = p.outputs;
  const v = xin.dtype === "real" && x.complex ? part(g, x, 0) : x;
  const inputs: Record<string, SBuf> = { [xin.name]: enterRows(g, v.name, xin.len, v.complex) };
  // a real x read as a complex input is the real buffer itself (its imaginary part zero: stagerender's `cast`)
  const o = { prec: x.prec, route: c.fft, opset: c.opset, op: A.op };
  for (const b of p.inputs.filter((b) => b.shared)) {
    const w = toPrec(g, c.tensor(boundSource(A as Node, b)), x.prec);
    inputs[b.name] = { name: w.name, complex: w.complex };
  }
  const y0 = renderStages(g, p, inputs, o)[out.name];
  // a real operator (a DCT, real weights) on real x: only the real plane leaves the layout
  const y = y0.complex && !x.complex && !(A.type as OperatorType).complex ? realS({ g }, y0) : y0;
  const rows = leaveRows(g, y, out.len), complex = y.complex;
  // the leading axes of x again: its shape's leading dims (run-time ones read with Shape)
  const lead = x.shape.slice(0, -1), tail = complex ? [out.len, 2] : [out.len];
  const shape = lead.every((d) => typeof d === "number")
    ? g.i64([...(lead as number[]), ...tail])
    : g.op1("Concat", [g.op1("Slice", [g.op1("Shape", [x.name]), g.i64([0]), g.i64([lead.length])]), g.i64(tail)], { axis: 0 });
  return { name: g.op1("Reshape", [rows, shape]), shape: [...lead, out.len], complex, prec: x.prec };
}

/** Interleave float64 planes into an ONNX tensor's data of the given precision. */
function interleave(b: StageBuf, complex: boolean, prec: Prec): Float32Array | Float64Array {
  const out = prec === "f32" ? new Float32Array(b.re.length * (complex ? 2 : 1)) : new Float64Array(b.re.length * (complex ? 2 : 1));
  if (!complex) out.set(b.re);
  else for (let i = 0; i < b.re.length; i++) (out[2 * i] = b.re[i]), (out[2 * i + 1] = b.im[i]);
  return out;
}

/** A stage program as a one-program model run in onnxruntime-node (Backend.runStages). */
export const runStages: StageRunner = async (p, inputs, run, precision) => {
  const ort = await loadOrt();
  const g = new GraphBuilder(), B = run.outer, I = run.inner;
  const ins: Record<string, SBuf> = {};
  const feeds: Record<string, InstanceType<typeof ort.Tensor>> = {};
  p.inputs.forEach((b, i) => {
    const complex = b.dtype === "complex", name = g.input(`in${i}`, precision, b.shared ? [b.len, ...(complex ? [2] : [])] : ["B", b.len * I, ...(complex ? [2] : [])]);
    ins[b.name] = b.shared ? { name, complex } : enterRows(g, name, b.len * I, complex);
    const dims = b.shared ? [b.len] : [B, b.len * I];
    feeds[name] = new ort.Tensor(precision === "f32" ? "float32" : "float64", interleave(inputs[b.name], complex, precision), complex ? [...dims, 2] : dims);
  });
  const outs = renderStages(g, p, ins, { prec: precision, I });
  p.outputs.forEach((b, i) => {
    const complex = b.dtype === "complex", name = g.reserve(`out${i}`);
    const y = complex ? promoteS({ g }, outs[b.name]) : outs[b.name];
    g.nodes.push({ input: [leaveRows(g, y, b.len * I)], output: [name], name: g.fresh("n_out"), opType: "Identity", attribute: [] });
    g.output(name, precision, ["B", b.len * I, ...(complex ? [2] : [])]);
  });
  const session = await createSession(g.toModel({ opset: 17 }));
  try {
    const got = await session.run(feeds);
    return Object.fromEntries(p.outputs.map((b, i) => {
      const data = got[`out${i}`].data as Float32Array | Float64Array, n = bufferSize(b, run), complex = b.dtype === "complex";
      const re = new Float64Array(n), im = new Float64Array(n);
      for (let k = 0; k < n; k++) (re[k] = complex ? data[2 * k] : data[k]), (im[k] = complex ? data[2 * k + 1] : 0);
      return [b.name, { re, im }];
    }));
  } finally {
    await session.release();
  }
};
