// The rules across axes (src/passes/rules/axes.ts): along(A, x, -1) is A @ x, node for node;
// inverse pairs along one axis cancel (ifft2(fft2(x)) is x); applications along different axes
// meet in one canonical order, so equal expressions are one node; lower-axes leaves no
// application along a non-last axis and no permute of a permute. Every pipeline prefix keeps the
// reference value.
import { describe, expect, it } from "vitest";
import { parseProgram } from "../../src/dsl/index.js";
import { type HostArray, type Node, type TensorType, evaluate, isComplex, toposort } from "../../src/ir/index.js";
import { printNodes } from "../../src/ir/printer.js";
import { PIPELINE, runPipeline } from "../../src/passes/index.js";
import { relErr } from "../support/compare.js";
import { rng } from "../support/random.js";

const nodes = (p: { outputs: readonly { node: Node }[] }) => toposort(p.outputs.map((o) => o.node));
const out = (src: string, name = "y") => parseProgram(src, "t.linc").outputs.find((o) => o.name === name)!.node;

function bindingsFor(src: string): Record<string, HostArray> {
  const r = rng(7), b: Record<string, HostArray> = {};
  for (const d of [...parseProgram(src, "t.linc").inputs, ...parseProgram(src, "t.linc").params]) {
    const t = d.node.type as TensorType, shape = t.shape.map((s) => (typeof s === "number" ? s : 2));
    const len = shape.reduce((a, c) => a * c, 1) * (isComplex(t.dtype) ? 2 : 1);
    b[d.name] = { dtype: t.dtype, shape, data: Float64Array.from({ length: len }, () => r.normal()) };
  }
  return b;
}

/** The spec's value after every prefix of the pipeline equals its value before (reference interpreter). */
function keepsValue(src: string) {
  const p = parseProgram(src, "t.linc"), b = bindingsFor(src), want = evaluate(p, b);
  for (const pass of PIPELINE) {
    const got = evaluate(runPipeline(p, { target: "cpu" }, pass.name).program, b);
    for (const [k, v] of Object.entries(want)) expect(relErr(got[k].data as Float64Array, Array.from(v.data as Float64Array)), `${k} after ${pass.name}`).toBeLessThan(1e-12);
  }
}

const lowered = (src: string, stop?: string) => runPipeline(parseProgram(src, "t.linc"), { target: "cpu" }, stop).program;

describe("along() in the IR", () => {
  it("along(A, x, -1) is A @ x: the same node, with no axis argument", () => {
    const X = "input x: f64[3, 4, 6]\n";
    const a = out(X + "output y = along(dft(6), x, -1)"), b = out(X + "output y = dft(6) @ x");
    expect(a).toBe(b);
    expect(a.arg).toEqual({});
    expect(out(X + "output y = along(dft(4), x, -2)").arg).toEqual({ axis: 1 });
  });

  it("prints a non-last axis, and the last axis as it always did", () => {
    const text = printNodes([out("input x: f64[3, 4, 6]\noutput y = along(dft(4), dft(6) @ x, 1)")]);
    expect(text).toMatch(/apply\(%\d+, %\d+\) : c128\[3, 4, 6\]\s+# axis=1/);
    expect(text).toMatch(/apply\(%\d+, %\d+\) : c128\[3, 4, 6\]\n/);
  });
});

describe("the algebra across axes", () => {
  it("cancels fft2 against ifft2 (any norms): no transform is left", () => {
    const src = 'input x: c128[batch, 4, 6]\noutput y = ifft2(fft2(x, norm="ortho"), norm="ortho")\noutput z = fft2(ifft2(x))';
    const p = lowered(src);
    expect(nodes(p).filter((n) => n.op === "apply")).toEqual([]);
    keepsValue(src);
  });

  it("cancels fftn over three axes against ifftn", () => {
    const src = "input z: c128[3, 4, 5]\noutput y = ifftn(fftn(z))";
    expect(nodes(lowered(src)).filter((n) => n.op === "apply")).toEqual([]);
    keepsValue(src);
  });

  it("puts applications along different axes in one order: both orders are one node", () => {
    const src = "input x: f64[4, 6]\nparam W: f64[5, 4]\noutput a = along(dct(4), dft(6) @ x, 0)\noutput b = dft(6) @ along(dct(4), x, 0)\noutput c = along(dense(W), wht(8) @ pad(x, 8), 0)\noutput d = wht(8) @ along(dense(W), pad(x, 8), 0)";
    const p = lowered(src, "algebra");
    const [a, b, c, d] = p.outputs.map((o) => o.node);
    expect(a).toBe(b);
    expect(c).toBe(d);
    keepsValue(src);
  });

  it("merges applications along one axis (not an inverse pair) into one of the product", () => {
    const src = "param W: f64[4, 4]\ninput x: f64[3, 4, 6]\noutput y = along(dense(W), along(dct(4), x, 1), 1)";
    const applies = nodes(lowered(src, "algebra")).filter((n) => n.op === "apply");
    expect(applies.map((n) => n.src[0].op)).toEqual(["compose"]);
    keepsValue(src);
  });

  it("keeps rdft on the inside of rfft2 (a real-input operator does not commute past a complex one)", () => {
    const src = "input x: f64[2, 6, 8]\noutput y = rfft2(x)\noutput z = irfft2(rfft2(x), n=8)";
    const p = lowered(src, "algebra");
    const y = p.outputs[0].node;
    expect([y.src[0].op, y.src[1].src[0].op]).toEqual(["dft", "rdft"]);
    keepsValue(src);
  });
});

describe("lower-axes", () => {
  const src = "param W: c128[3, 5]\ninput x: f64[batch, 4, 5, 6]\nu = along(dft(4), along(dense(W), x, 2), 1)\noutput y = along(I(3), along(2 * wht(4), u, -3), 2) + permute(permute(u, 0, 3, 1, 2), 0, 2, 3, 1)";
  it("leaves no application along a non-last axis and no permute of a permute", () => {
    const p = lowered(src, "lower-axes");
    const ns = nodes(p);
    expect(ns.filter((n) => n.op === "apply" && n.arg.axis !== undefined)).toEqual([]);
    expect(ns.filter((n) => n.op === "permute" && n.src[0].op === "permute")).toEqual([]);
    expect(ns.filter((n) => n.op === "apply").length).toBeGreaterThan(0);
  });
  it("keeps the value after every pass", () => keepsValue(src));
});
