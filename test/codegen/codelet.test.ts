// The shared codelet generator (src/codegen): the DAG's simplifications and hash-consing, the
// real op counts of DFT_r, every codelet evaluated against a direct DFT, and the two-lane
// programs (what the wasm backend renders) evaluated lane by lane against the same DFT.
import { describe, expect, it } from "vitest";
import { type C, Dag, type Node, opCount } from "../../src/codegen/dag.js";
import { butterfly, dft, range } from "../../src/codegen/dft.js";
import { jsCodelet } from "../../src/codegen/js.js";
import { Lanes, type VIns } from "../../src/codegen/lanes.js";
import { uniform } from "../support/random.js";

function evalNode(n: Node, env: Record<string, number>, memo = new Map<Node, number>()): number {
  let v = memo.get(n);
  if (v !== undefined) return v;
  const [a, b] = n.src.map((s) => evalNode(s, env, memo));
  v = n.op === "load" ? env[n.arg as string] : n.op === "const" ? (n.arg as number) : n.op === "neg" ? -a : n.op === "add" ? a + b : n.op === "sub" ? a - b : a * b;
  memo.set(n, v);
  return v;
}

const inputs = (d: Dag, r: number): C[] => range(r).map((k) => ({ re: d.load(`x${k}r`), im: d.load(`x${k}i`) }));

function directDft(x: [number, number][], sign: number): [number, number][] {
  const n = x.length;
  return range(n).map((k) => x.reduce(([sr, si], [xr, xi], j) => {
    const a = (sign * 2 * Math.PI * ((j * k) % n)) / n;
    return [sr + xr * Math.cos(a) - xi * Math.sin(a), si + xr * Math.sin(a) + xi * Math.cos(a)];
  }, [0, 0]));
}

describe("the codelet DAG", () => {
  it("hash-conses: equal expressions are one node, whatever the operand order of + and ·", () => {
    const d = new Dag(), a = d.load("a"), b = d.load("b");
    expect(d.add(a, b)).toBe(d.add(b, a));
    expect(d.mul(a, b)).toBe(d.mul(b, a));
    expect(d.num(Math.SQRT1_2)).toBe(d.num(Math.SQRT1_2));
    expect(d.sub(a, b)).not.toBe(d.sub(b, a));
  });
  it("simplifies constants and folds signs into sums", () => {
    const d = new Dag(), a = d.load("a"), b = d.load("b");
    expect(d.mul(d.num(1), a)).toBe(a);
    expect(d.mul(d.num(-1), a)).toBe(d.neg(a));
    expect(d.mul(d.num(0), a)).toBe(d.zero);
    expect(d.add(a, d.zero)).toBe(a);
    expect(d.sub(a, a)).toBe(d.zero);
    expect(d.neg(d.neg(a))).toBe(a);
    expect(d.add(a, d.neg(b))).toBe(d.sub(a, b));
    expect(d.add(d.neg(a), b)).toBe(d.sub(b, a));
    expect(d.add(d.neg(a), d.neg(b))).toBe(d.neg(d.add(a, b)));
    expect(d.sub(a, d.neg(b))).toBe(d.add(a, b));
    expect(d.mul(d.num(-0.5), a)).toBe(d.neg(d.mul(d.num(0.5), a))); // constants stay positive
    expect(d.mul(d.num(2), d.num(3))).toBe(d.num(6));
  });
  it("rotations by ±i cost nothing; (1 ± i)/√2 two multiplies", () => {
    const d = new Dag(), [x] = inputs(d, 1);
    const r = d.rot(x, 1);
    expect(opCount([r.re, r.im])).toEqual({ adds: 0, muls: 0 });
  });
  // genfft's counts (no FMA): 4, 8 and 16 match; DFT_5 is 32 adds and 12 muls there (it shares
  // (cos1 - cos2)/2), 16 muls here (the symmetric pairs form); the others are pinned as generated
  it.each([[2, 4, 0], [3, 12, 4], [4, 16, 0], [5, 32, 16], [8, 52, 4], [16, 144, 24]])("DFT_%i costs %i real adds and %i muls", (r, adds, muls) => {
    const d = new Dag(), y = dft(d, inputs(d, r), -1);
    expect(opCount(y.flatMap((v) => [v.re, v.im]))).toEqual({ adds, muls });
  });
});

describe("every codelet against a direct DFT", () => {
  const radices = range(15).map((k) => k + 2);
  it.each(radices.flatMap((r) => [[r, -1], [r, 1]]))("DFT_%i, sign %i, with twiddles and scale: the DAG and its JavaScript", (r, sign) => {
    const d = new Dag(), rnd = uniform(r * 7 + sign + 3);
    const x = range(r).map((): [number, number] => [rnd(), rnd()]), w = range(r).map((): [number, number] => [rnd(), rnd()]);
    const env: Record<string, number> = {};
    x.forEach(([re, im], k) => ((env[`x${k}r`] = re), (env[`x${k}i`] = im)));
    w.forEach(([re, im], k) => ((env[`w${k}r`] = re), (env[`w${k}i`] = im)));
    const ws = range(r).map((k): C | null => (k ? { re: d.load(`w${k}r`), im: d.load(`w${k}i`) } : null));
    const ys = butterfly(d, inputs(d, r), ws, sign as 1 | -1, 0.5);
    const want = directDft(x, sign).map(([re, im], k) => {
      const [wr, wi] = k ? [w[k][0], sign > 0 ? -w[k][1] : w[k][1]] : [1, 0];
      return [0.5 * (re * wr - im * wi), 0.5 * (re * wi + im * wr)];
    });
    ys.forEach((y, k) => {
      expect(evalNode(y.re, env)).toBeCloseTo(want[k][0], 12);
      expect(evalNode(y.im, env)).toBeCloseTo(want[k][1], 12);
    });
    const js = jsCodelet(ys.flatMap((y) => [y.re, y.im]), { indent: "" });
    const body = `${Object.keys(env).map((k) => `const ${k} = env.${k};`).join("\n")}\n${js.lines.join("\n")}\nreturn [${ys.map((y) => `${js.expr(y.re)}, ${js.expr(y.im)}`).join(", ")}];`;
    const got = new Function("env", body)(env) as number[];
    ys.forEach((_, k) => (expect(got[2 * k]).toBeCloseTo(want[k][0], 12), expect(got[2 * k + 1]).toBeCloseTo(want[k][1], 12)));
  });

  it.each([2, 3, 4, 5, 7, 8, 11, 13, 16].flatMap((r) => [[r, -1], [r, 1]]))("DFT_%i, sign %i: the two-lane program (wasm) computes the same outputs", (r, sign) => {
    const d = new Dag(), rnd = uniform(r * 11 + sign);
    const xs = inputs(d, r), ws = range(r).map((k): C | null => (k ? { re: d.load(`w${k}r`), im: d.load(`w${k}i`) } : null));
    const leaves: [Node, Node][] = [...xs.map((x): [Node, Node] => [x.re, x.im])];
    ws.forEach((w) => w && leaves.push([w.re, w.re], [d.neg(w.im), w.im]));
    const env: Record<string, number> = {};
    for (const [a, b] of leaves) for (const n of [a, b]) if (n.op === "load") env[n.arg as string] ??= rnd();
    const lanes = new Lanes(d, leaves);
    const ys = butterfly(d, xs, ws, sign as 1 | -1, 1);
    const outs = ys.map((y) => lanes.vec(y.re, y.im));
    const val: [number, number][] = [];
    const run = (i: VIns): [number, number] => {
      switch (i.op) {
        case "leaf": return [evalNode(leaves[i.leaf][0], env), evalNode(leaves[i.leaf][1], env)];
        case "const": return [i.re, i.im];
        case "add": return [val[i.a][0] + val[i.b][0], val[i.a][1] + val[i.b][1]];
        case "sub": return [val[i.a][0] - val[i.b][0], val[i.a][1] - val[i.b][1]];
        case "mul": return [val[i.a][0] * val[i.b][0], val[i.a][1] * val[i.b][1]];
        case "swap": return [val[i.a][1], val[i.a][0]];
        case "flip": return [i.re ? -val[i.a][0] : val[i.a][0], i.im ? -val[i.a][1] : val[i.a][1]];
      }
    };
    lanes.prog.forEach((i, k) => (val[k] = run(i)));
    ys.forEach((y, k) => {
      expect(val[outs[k]][0]).toBeCloseTo(evalNode(y.re, env), 12);
      expect(val[outs[k]][1]).toBeCloseTo(evalNode(y.im, env), 12);
    });
  });
});
