// Rendering a lowered Program (lowerForBackend(program, { target: "onnx", params })) as an ONNX
// graph: inputs and outputs keep the spec's names (complex ones with a trailing [.., 2] axis),
// symbolic dims become dim_param, params become initializers (or graph inputs), and every node
// renders through the op table (table.ts). Values whose stage is "const" (staging: they depend
// only on constants and bound params) fold at compile time through the reference interpreter, so
// only the data path reaches the model. A source op, or a kernel op the table cannot render on
// run-time data, is E0801 before anything is built.
import {
  LincError, type CMat, type CTensor, type EvalEnv, type FftRoute, FFT_ROUTES, type HostArray, type Node, type Program, type Stage,
  OPS, evalNodes, hostToTensor, isComplex, isKernelOp, own, staging, toposort,
} from "../../ir/index.js";
import { checkSupported } from "../backend.js";
import { GraphBuilder } from "./graph.js";
import { type Val, onnxShape, part, promote, toPrec } from "./complex.js";
import { type Ctx, rejected, tensorType } from "./ctx.js";
import { onnxTable, ONNX_TABLE } from "./table.js";
import { precOf } from "./tensors.js";

export interface OnnxOptions {
  opset?: 17 | 20;
  /**
   * The FFT route the program was lowered with (lowerForBackend's `fft`: the schedule plans by it):
   * "dft" renders its direct DFT stages by ONNX's DFT op; recorded in the model's metadata.
   */
  fft?: FftRoute;
  /** Params as graph inputs instead of initializers. */
  paramsAsInputs?: boolean;
  /** Values of params, stored as initializers (and folded where they meet constants). */
  params?: Record<string, HostArray>;
  /** "auto" (default): tiny known operators go dense; "always": structured lowering wherever a rule exists. */
  structured?: "auto" | "always";
  /**
   * The graph name of a declared input (or param graph input) and of an output; the spec's name
   * by default. In-process runs use positional names (run.ts `positionalIo`): onnxruntime's
   * JavaScript API keys feeds and results by plain objects, where a '__proto__' entry is lost.
   */
  ioName?: (kind: "input" | "output", name: string) => string;
}

export function compileOnnx(program: Program, options: OnnxOptions = {}): Uint8Array {
  // onnxruntime refuses to load a graph without outputs ("OrtValue indexes should have been populated")
  if (!program.outputs.length) throw new LincError("E0801", "an ONNX model needs at least one output; the spec declares none");
  return lowerProgram(program, options).toModel({
    opset: options.opset ?? 17,
    doc: program.source,
    graphName: program.file.replace(/^.*[\\/]/, "").replace(/\.linc$/, "") || "linc",
    metadata: { "linc.file": program.file, "linc.fft": options.fft ?? "auto" },
  });
}

/** The nodes the table must render: operators, and tensors that do not fold (and any source op, to reject it). */
const rendered = (n: Node, stage: Stage | undefined) => !isKernelOp(n.op) || OPS[n.op].kind === "operator" || stage !== "const";

/** The values each option accepts (an unknown value is E0205, never written into the model). */
export const ONNX_OPTION_VALUES = {
  opset: [17, 20],
  fft: FFT_ROUTES,
  structured: ["auto", "always"],
} as const satisfies Record<string, readonly (string | number)[]>;

/** Throw E0205 for an option value outside ONNX_OPTION_VALUES. */
export function checkOnnxOptions(options: OnnxOptions): void {
  for (const [key, valid] of Object.entries(ONNX_OPTION_VALUES)) {
    const v: unknown = options[key as keyof typeof ONNX_OPTION_VALUES];
    if (v !== undefined && !(valid as readonly unknown[]).includes(v))
      throw new LincError("E0205", `invalid onnx option ${key}: ${JSON.stringify(v)}; valid values are ${valid.map((x) => JSON.stringify(x)).join(", ")}`);
  }
}

export function lowerProgram(program: Program, options: OnnxOptions = {}): GraphBuilder {
  checkOnnxOptions(options);
  const g = new GraphBuilder();
  const params = options.params ?? {};
  const roots = program.outputs.map((o) => o.node);
  const order = toposort(roots);
  const stages = staging(roots, new Set(options.paramsAsInputs ? [] : Object.keys(params)));
  checkSupported("onnx", onnxTable, order.filter((n) => rendered(n, stages.get(n))));
  const env: EvalEnv = { bindings: new Map(Object.entries(params).map(([k, v]) => [k, hostToTensor(v)])) };
  const known = new Map<Node, CTensor | CMat | undefined>();
  /** The compile-time value of a const-stage node, or undefined where the reference refuses it (too large). */
  const fold = (n: Node): CTensor | CMat | undefined => {
    if (stages.get(n) !== "const") return undefined;
    if (!known.has(n)) {
      try {
        const v = evalNodes([n], env).get(n)!;
        known.set(n, "apply" in v ? v.dense() : v);
      } catch {
        known.set(n, undefined); // rendered into the graph instead: onnxruntime folds it when the session starts
      }
    }
    return known.get(n);
  };
  const vals = new Map<Node, Val>();
  const declared = new Map<string, Val>();
  const ioName = options.ioName ?? ((_kind: "input" | "output", name: string) => name);
  declareGraphInputs(g, program, stages, params, !!options.paramsAsInputs, declared, (name) => ioName("input", name));
  // output names are taken before any node is rendered, so no internal value (a hint such as
  // "sign" or "eye") can claim a spec's output name first
  const outNames = program.outputs.map((o) => g.reserve(ioName("output", o.name)));

  const ctx: Ctx = {
    g,
    opset: options.opset ?? 17,
    fft: options.fft ?? "auto",
    structured: options.structured ?? "auto",
    tensor: (n) => value(n),
    declared: (name) => declared.get(name) ?? fail(name),
    dense: (A) => fold(A) as CMat | undefined,
    known: (n) => fold(n) as CTensor | undefined,
    constant: (n, c) => constantVal(g, n, c),
  };
  const fail = (name: string): never => {
    throw new Error(`internal: '${name}' is not a declared graph input`);
  };

  function value(n: Node): Val {
    const hit = vals.get(n);
    if (hit) return hit;
    const c = fold(n) as CTensor | undefined;
    let v = c ? constantVal(g, n, c) : renderTensor(ctx, n);
    // an apply whose dtype is real while its operator is complex means the real part
    if (v.complex && !isComplex(tensorType(n).dtype)) v = part(g, v, 0);
    vals.set(n, v);
    return v;
  }

  for (const [i, o] of program.outputs.entries()) {
    const t = tensorType(o.node);
    let v = value(o.node);
    v = toPrec(g, isComplex(t.dtype) ? promote(g, v) : v.complex ? part(g, v, 0) : v, precOf(t.dtype));
    const name = outNames[i];
    g.nodes.push({ input: [v.name], output: [name], name: g.fresh(`out_${o.name}`), opType: "Identity", attribute: [] });
    g.output(name, t.dtype === "i64" ? "i64" : precOf(t.dtype), onnxShape({ ...v, shape: [...t.shape], complex: isComplex(t.dtype) }));
  }
  return g;
}

/** One tensor node by its table entry. */
function renderTensor(c: Ctx, n: Node): Val {
  if (!isKernelOp(n.op) || OPS[n.op].kind !== "tensor") throw rejected(n.op, "not a kernel tensor op (lower the program first)");
  const rule = ONNX_TABLE[n.op];
  if (typeof rule !== "function") throw rejected(n.op, "unsupported" in rule ? rule.unsupported : "no tensor rule");
  // the rule is the one for n's own op; tsc cannot correlate the table's key with n's type
  return (rule as (c: Ctx, n: Node) => Val)(c, n);
}

/** Graph inputs: the spec's inputs, and params — graph inputs when not bound, else named initializers. */
function declareGraphInputs(g: GraphBuilder, program: Program, stages: Map<Node, Stage>, params: Record<string, HostArray>, asInputs: boolean, out: Map<string, Val>, graphName: (name: string) => string): void {
  const declare = (spec: string, n: Node) => {
    const t = tensorType(n), name = graphName(spec);
    g.input(name, t.dtype === "i64" ? "i64" : precOf(t.dtype), isComplex(t.dtype) ? [...t.shape, 2] : [...t.shape]);
    out.set(spec, { name, shape: [...t.shape], complex: isComplex(t.dtype), prec: precOf(t.dtype) });
  };
  for (const d of program.inputs) declare(d.name, d.node);
  for (const d of program.params) {
    const stage = stages.get(d.node);
    if (stage === undefined) continue; // not used by any output
    if (stage !== "const") {
      if (!asInputs) {
        // a bound param stays a run-time value when its shape is symbolic (it cannot fold)
        if (own(params, d.name) && tensorType(d.node).shape.some((x) => typeof x === "string"))
          throw new LincError("E0801", `param '${d.name}' has a symbolic dimension: the onnx backend needs params of concrete shape (declare it as an input)`);
        throw new LincError("E0704", `param '${d.name}' has no value: bind it (params) or compile with paramsAsInputs`);
      }
      declare(d.name, d.node);
      continue;
    }
    const h = own(params, d.name)!, t = tensorType(d.node);
    const data = t.dtype === "i64" ? Array.from(h.data as BigInt64Array) : Array.from(h.data as Float64Array, Number);
    // i64 data as bigints, float data as numbers: the two overloads of one initializer
    g.initializer(d.name, t.dtype === "i64" ? "i64" : precOf(t.dtype), isComplex(t.dtype) ? [...h.shape, 2] : h.shape, data as number[]);
    out.set(d.name, { name: d.name, shape: [...h.shape], complex: isComplex(t.dtype), prec: precOf(t.dtype) });
  }
}

function constantVal(g: GraphBuilder, n: Node, c: CTensor): Val {
  const t = tensorType(n);
  const cplx = isComplex(t.dtype), prec = precOf(t.dtype);
  if (t.dtype === "i64") return { name: g.constant("i64", c.shape, Array.from(c.re, (v) => BigInt(Math.round(v))), "const"), shape: c.shape, complex: false, prec: "f64" };
  const data = cplx ? Float64Array.from({ length: 2 * c.re.length }, (_, i) => (i % 2 ? c.im[i >> 1] : c.re[i >> 1])) : c.re;
  return { name: g.constant(prec, cplx ? [...c.shape, 2] : c.shape, data, "const"), shape: [...c.shape], complex: cplx, prec };
}
