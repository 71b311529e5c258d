// Emitted ES modules: written by emitModule (esbuild, atomic), imported back, run and compared
// with the reference interpreter; typings name every array; spec names never become code.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { compileCpu, emitModule } from "../../src/backends/cpu/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type Program, declare, mk, operatorType, tensorType } from "../../src/ir/index.js";
import { lowered, randomHost, scheduled } from "./support.js";
import { relErr } from "../support/compare.js";
import { uniform } from "../support/random.js";

const dir = mkdtempSync(join(tmpdir(), "linc-cpu-module-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONV = `const n = 64
input x: f64[batch, n]
param h: f64[n]
output y = toeplitz(h, zeros(n)) @ x
output spectrum = rdft(n) @ h
`;

describe("emitted modules", () => {
  it("imports, runs and matches the reference (causal convolution, params bound at run time)", async () => {
    const p = lowered(parseProgram(CONV, "conv.linc"))!;
    const out = join(dir, "conv");
    const { modulePath, typingsPath } = await emitModule(p, out);
    expect(readdirSync(out).sort()).toEqual(["kernel.d.mts", "kernel.mjs"]); // no temp files left
    const mod = await import(pathToFileURL(modulePath).href);
    expect(mod.inputs).toEqual([{ name: "x", dtype: "f64", shape: ["batch", 64] }]);
    expect(mod.outputs.map((o: { name: string }) => o.name)).toEqual(["y", "spectrum"]);
    const r = uniform(7);
    const h = randomHost("f64", [64], r), x = randomHost("f64", [3, 64], r);
    const want = evaluate(parseProgram(CONV, "conv.linc"), { h, x });
    const got = mod.createKernel({ h: h.data }).run({ x: x.data });
    expect(relErr(got.y, want.y.data as Float64Array)).toBeLessThan(1e-12);
    expect(relErr(got.spectrum, want.spectrum.data as Float64Array)).toBeLessThan(1e-12);
    const dts = readFileSync(typingsPath, "utf8");
    for (const name of ['"x"', '"h"', '"y"', '"spectrum"', "createKernel(params: Params)"]) expect(dts).toContain(name);
    expect(readFileSync(modulePath, "utf8")).not.toMatch(/\bimport\b|require\(/);
  });

  it("embeds compile-time params (createKernel() needs none), f32", async () => {
    const src = CONV.replaceAll("f64", "f32");
    const r = uniform(3);
    const h = randomHost("f32", [64], r), x = randomHost("f32", [2, 64], r);
    const p = lowered(parseProgram(src, "conv32.linc"), { h })!;
    const { modulePath, typingsPath } = await emitModule(p, join(dir, "conv32.mjs"), { params: { h } });
    const mod = await import(pathToFileURL(modulePath).href);
    const got = mod.createKernel().run({ x: x.data });
    expect(got.y).toBeInstanceOf(Float32Array);
    const want = evaluate(parseProgram(src, "conv32.linc"), { h, x });
    expect(relErr(got.y, want.y.data as Float32Array)).toBeLessThan(2e-5);
    expect(readFileSync(typingsPath, "utf8")).toContain("createKernel(params?: Params)");
  });
});

describe("names from a spec never become code", () => {
  // names the DSL would refuse, put straight into the IR: quotes, newlines, comment closers, __proto__
  const evil = ['x"); globalThis.pwned = 1; ("', "a\nb*/ c", "__proto__", "constructor", "y = 1; //"];
  it("compiles, runs and keys records by the exact names", async () => {
    const [xi, pi, o1, o2, o3] = evil;
    const x = declare("input", xi, "c128", ["batch", 4]);
    const h = declare("param", pi, "f64", [4]);
    const y = mk("apply", tensorType("c128", ["batch", 4]), [mk("diag", operatorType(4, 4, false), [h], {}), x], {});
    const z = mk("apply", tensorType("c128", ["batch", 4]), [mk("dft", operatorType(4, 4, true), [], { n: 4, norm: "backward", inverse: false }), y], {});
    const prog: Program = { file: "evil", source: "", consts: new Map(), inputs: [{ name: xi, node: x }], params: [{ name: pi, node: h }], outputs: [{ name: o1, node: y }, { name: o2, node: z }, { name: o3, node: h }] };
    const art = compileCpu(scheduled(prog));
    const src = art.moduleSource();
    // every occurrence of a name is its JSON string literal
    for (const n of evil) expect(src.replaceAll(JSON.stringify(n), "")).not.toContain(n);
    const r = uniform(1);
    const xv = randomHost("c128", [2, 4], r), hv = randomHost("f64", [4], r);
    const got = art.createKernel({ [pi]: hv.data }).run({ [xi]: xv.data as Float64Array });
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
    expect(Object.keys(got).sort()).toEqual([o1, o2, o3].sort());
    expect(Object.getPrototypeOf(got)).toBe(Object.prototype);
    const want = evaluate(prog, { [xi]: xv, [pi]: hv });
    for (const o of [o1, o2, o3]) expect(relErr(got[o] as Float64Array, want[o].data as Float64Array)).toBeLessThan(1e-12);
    const out = join(dir, "evil");
    const { modulePath, typingsPath } = await emitModule(scheduled(prog), out);
    const mod = await import(pathToFileURL(modulePath).href);
    expect(mod.inputs[0].name).toBe(xi);
    expect(existsSync(typingsPath)).toBe(true);
  });
  it("rejects inputs of the wrong type or length with a clear error", () => {
    const art = compileCpu(scheduled(parseProgram(`input x: f64[batch, 4]\noutput y = wht(4) @ x`, "w.linc")));
    const k = art.createKernel();
    expect(() => k.run({ x: new Float32Array(8) })).toThrow(/must be a Float64Array/);
    expect(() => k.run({ x: new Float64Array(7) })).toThrow(/not a multiple of 4/);
    expect(() => k.run({})).toThrow(/missing input "x"/);
    expect(() => k.run({ x: new Float64Array(8) }, { y: new Float64Array(4) })).toThrow(/output "y" must have 8 elements/);
  });
});
