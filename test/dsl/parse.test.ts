// The front end on valid specs: every golden source parses to the declared inputs, params and
// outputs (names, dtypes, shapes); and the grammar's precedence, postfix and constant rules.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseProgram } from "../../src/dsl/index.js";
import { getConstructor, type Decl, type Node, type Program, typeStr } from "../../src/ir/index.js";
import { GOLDEN_DIR } from "../support/golden.js";

const GOLDEN = GOLDEN_DIR;

interface GoldenArray { dtype: string; shape: number[] }
interface GoldenCase { name: string; source: string; inputs: Record<string, GoldenArray>; params: Record<string, GoldenArray>; outputs: Record<string, GoldenArray> }

const goldenFiles = readdirSync(GOLDEN).filter((f) => f.endsWith(".json")).sort();
const called = (src: string): string[] => [...src.matchAll(/([A-Za-z_]\w*)\s*\(/g)].map((m) => m[1]);
const types = (ds: Decl[]) => Object.fromEntries(ds.map((d) => [d.name, typeStr(d.node.type)]));
const goldenTypes = (as: Record<string, GoldenArray>) => Object.fromEntries(Object.entries(as).map(([k, a]) => [k, `${a.dtype}[${a.shape.join(", ")}]`]));

describe("golden sources", () => {
  for (const file of goldenFiles) {
    const cases: GoldenCase[] = JSON.parse(readFileSync(`${GOLDEN}/${file}`, "utf8")).cases;
    describe(file, () => {
      for (const c of cases) {
        // families whose constructors are not registered yet are skipped, not failed
        const missing = called(c.source).filter((f) => !getConstructor(f));
        it.skipIf(missing.length > 0)(c.name, () => {
          const p = parseProgram(c.source, `${c.name}.linc`);
          expect(types(p.inputs)).toEqual(goldenTypes(c.inputs));
          expect(types(p.params)).toEqual(goldenTypes(c.params));
          expect(types(p.outputs)).toEqual(goldenTypes(c.outputs));
          for (const d of [...p.inputs, ...p.params, ...p.outputs]) expect(d.loc?.file).toBe(`${c.name}.linc`);
        });
      }
    });
  }

  it("covers most golden cases with the constructors registered now", () => {
    let total = 0, runnable = 0;
    for (const file of goldenFiles)
      for (const c of JSON.parse(readFileSync(`${GOLDEN}/${file}`, "utf8")).cases as GoldenCase[]) {
        total++;
        if (called(c.source).every((f) => getConstructor(f))) runnable++;
      }
    expect(runnable).toBeGreaterThanOrEqual(100);
    expect(total).toBeGreaterThan(runnable - 1);
  });
});

const parse = (src: string): Program => parseProgram(src, "t.linc");
const out = (src: string, name = "y"): Node => parse(src).outputs.find((o) => o.name === name)!.node;
/** A compact picture of a graph: op(children...). */
const show = (n: Node): string =>
  n.op === "input" || n.op === "param" ? String(n.arg.name) : n.op === "const" ? String((n.arg.data as number[])[0]) : n.src.length === 0 ? n.op : `${n.op}(${n.src.map(show).join(", ")})`;

describe("expressions", () => {
  const decls = "input x: f64[2, 8]\ninput z: f64[2, 8]\n";

  it("gives * and / precedence over + and -, left to right", () => {
    expect(show(out(decls + "output y = x + z * x - z / x"))).toBe("sub(add(x, mul(z, x)), div(z, x))");
  });

  it("puts @ on the level of *, left associative, as in Python", () => {
    expect(show(out(decls + "output y = 2 * dft(8) @ x"))).toBe("apply(scale(dft), x)");
    expect(show(out(decls + "output y = dft(8) @ x * 2"))).toBe("mul(apply(dft, x), 2)");
    expect(show(out(decls + "output y = dft(8) @ idft(8) @ x"))).toBe("apply(compose(dft, dft), x)");
    expect(show(out(decls + "output y = dft(8) @ (idft(8) @ x)"))).toBe("apply(dft, apply(dft, x))");
  });

  it("binds unary minus tighter than binary operators", () => {
    expect(show(out(decls + "output y = -x + z"))).toBe("add(neg(x), z)");
    expect(show(out(decls + "output y = - -x"))).toBe("neg(neg(x))");
    expect(show(out(decls + "output y = -dft(8) @ x"))).toBe("apply(scale(dft), x)");
  });

  it("applies postfix .T, .H and slices in source order", () => {
    expect(show(out(decls + "output y = (dft(8) @ wht(8)).T @ x"))).toBe("apply(transpose(compose(dft, wht)), x)");
    expect(show(out(decls + "output y = dft(8).H.T @ x"))).toBe("apply(transpose(adjoint(dft)), x)");
    expect(show(out(decls + "output y = (dft(8).H @ x)[1:3]"))).toBe("slice(apply(adjoint(dft), x))");
  });

  it("slices the last axis, bounds optional or negative", () => {
    const shapeOf = (s: string) => typeStr(out(decls + `output y = x${s}`).type);
    expect(shapeOf("[2:5]")).toBe("f64[2, 3]");
    expect(shapeOf("[:5]")).toBe("f64[2, 5]");
    expect(shapeOf("[3:]")).toBe("f64[2, 5]");
    expect(shapeOf("[-3:]")).toBe("f64[2, 3]");
    expect(shapeOf("[:-1]")).toBe("f64[2, 7]");
    expect(shapeOf("[:]")).toBe("f64[2, 8]");
    expect(out(decls + "output y = x[-3:-1]").arg).toEqual({ start: 5, stop: 7 });
  });

  it("passes keyword arguments, strings and booleans to constructors", () => {
    const y = out("input x: c128[2, 8]\noutput y = dft(8, norm=\"ortho\") @ x");
    expect(y.src[0].arg).toMatchObject({ n: 8, norm: "ortho" });
    const b = out("param w: f64[3, 4, 2, 2]\ninput x: f64[2, 8]\noutput y = butterfly(w, increasing=false) @ x");
    expect(b.src[0].arg).toMatchObject({ increasing: false });
  });
});

describe("statements", () => {
  it("evaluates consts at compile time and uses them in types and calls", () => {
    const p = parse("const n = 2 * 8\nconst h = n / 2 - 1\ninput x: c128[batch, n]\nparam d: f64[h + 1]\noutput y = dft(n) @ x\noutput z = diag(d) @ x[0:h + 1]");
    expect([...p.consts]).toEqual([["n", 16], ["h", 7]]);
    expect(types(p.inputs)).toEqual({ x: "c128[batch, 16]" });
    expect(types(p.params)).toEqual({ d: "f64[8]" });
    expect(types(p.outputs)).toEqual({ y: "c128[batch, 16]", z: "c128[batch, 8]" });
  });

  it("keeps symbolic dimensions through operators on the last axis", () => {
    const src = "# causal long convolution\nconst n = 64\ninput x: f32[batch, n]   # batch is symbolic\nparam h: f32[n]\nT = toeplitz(h, zeros(n))\noutput y = T @ x\n";
    const p = parse(src);
    expect(types(p.outputs)).toEqual({ y: "f32[batch, 64]" });
    expect(show(p.outputs[0].node)).toBe("apply(toeplitz(h, fill), x)");
  });

  it("makes an existing binding an output, and allows declarations after outputs", () => {
    const p = parse("input a: f64[2, 4]\nb = wht(4) @ a\noutput b\ninput u: f64[2, 8]\noutput y = dft(8) @ u");
    expect(p.outputs.map((o) => o.name)).toEqual(["b", "y"]);
    expect(p.inputs.map((i) => i.name)).toEqual(["a", "u"]);
    expect(p.outputs[0].loc).toEqual({ file: "t.linc", line: 3, col: 8, length: 1 });
  });

  it("accepts blank lines, comments, CRLF line ends and scalar types", () => {
    const p = parse("\r\n# header\r\n\r\nparam s: f64   # a scalar\r\ninput x: f64[4]\r\noutput y = s * x\r\n\r\n");
    expect(types(p.params)).toEqual({ s: "f64[]" });
    expect(types(p.outputs)).toEqual({ y: "f64[4]" });
  });

  it("records each declaration's position", () => {
    const p = parse("const n = 4\n  input   xs: f64[n]\noutput ys = xs + 1");
    expect(p.inputs[0].loc).toEqual({ file: "t.linc", line: 2, col: 11, length: 2 });
  });

  it("honours a custom element limit", () => {
    expect(() => parseProgram("input x: f64[64, 64]", "t.linc", { maxElements: 1000 })).toThrow(/E0304/);
    expect(parseProgram("input x: f64[64, 64]", "t.linc", { maxElements: 4096 }).inputs).toHaveLength(1);
  });
});
