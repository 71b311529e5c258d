// The wasm stage renderer (src/backends/wasm/render.ts) through the backend's runStages, against
// the stage interpreter (evalStages), stage by stage and program by program: each stage op it
// renders alone (a Stockham pass, a codelet, real_split, real_join, a butterfly factor, and the
// WHT's passes, which it renders together), then the whole programs the `lower` pass records on
// the wasm target for dft, rdft, irdft, wht and butterfly, in f32 and f64, for a batch; and the
// programs it declines (Rader's gathers, tables that are not the lowering's twiddles) run as a
// module runs them, the cpu's JavaScript rendering, never a wrong number. (Every stage op on every
// geometry: test/stages/backends.test.ts.)
import { beforeAll, describe, expect, it } from "vitest";
import { loadBinaryen } from "../../src/backends/wasm/binaryen.js";
import { wasmBackend } from "../../src/backends/wasm/backend.js";
import { renderProgram } from "../../src/backends/wasm/render.js";
import { parseProgram } from "../../src/dsl/index.js";
import { type Node, type StageBuf, type StageInstr, type StageProgram, evalStages, toposort } from "../../src/ir/index.js";
import { runPipeline } from "../../src/passes/index.js";
import { type Rng, bufRelErr, randomBuf, rng } from "../stages/helpers.js";

beforeAll(loadBinaryen);

const runStages = wasmBackend.runStages!;
const TOL = { f32: 2e-6, f64: 1e-13 } as const;
const BATCH = 3;

/** The stage programs the wasm target's lowering records in a spec, by op. */
function programsOf(src: string): [string, StageProgram][] {
  const roots = runPipeline(parseProgram(src, "s.linc"), { target: "wasm" }).program.outputs.map((o) => o.node);
  return toposort(roots).flatMap((n: Node) => ("stages" in n.arg && n.arg.stages ? [[n.op, n.arg.stages] as [string, StageProgram]] : []));
}

/** Random inputs for a program run for a batch (shared weights of norm ~1). */
function inputsOf(p: StageProgram, r: Rng): Record<string, StageBuf> {
  return Object.fromEntries(p.inputs.map((b) => {
    const x = randomBuf(r, b.shared ? b.len : BATCH * b.len, b.dtype === "real");
    if (b.shared) for (let i = 0; i < b.len; i++) (x.re[i] /= Math.SQRT2), (x.im[i] /= Math.SQRT2);
    return [b.name, x];
  }));
}

async function check(p: StageProgram, r: Rng): Promise<void> {
  const xs = inputsOf(p, r), run = { outer: BATCH, inner: 1 }, want = evalStages(p, xs, run)[p.outputs[0].name];
  for (const prec of ["f32", "f64"] as const) {
    const got = (await runStages(p, xs, run, prec))[p.outputs[0].name];
    expect(bufRelErr(got, want), `${prec}`).toBeLessThan(TOL[prec] * Math.max(1, Math.log2(p.inputs[0].len)));
  }
}

/** A program of some of a lowered program's stages, from its input: its first `count` stages, writing their last buffer. */
function prefix(p: StageProgram, count: number, keep: (st: StageInstr) => boolean = () => true): StageProgram {
  const stages = p.stages.slice(0, count).filter(keep), last = stages.at(-1)!;
  const bufs = [...p.inputs, ...p.outputs, ...p.temps];
  const out = bufs.find((b) => b.name === last.dst)!;
  return { inputs: p.inputs, outputs: [{ ...out, shared: undefined } as typeof out], temps: bufs.filter((b) => b !== out && !p.inputs.includes(b)), tables: p.tables, stages };
}

describe("wasm runStages against the stage interpreter", () => {
  it("each stage op it renders, alone: a Stockham pass (each vector mode), a codelet, real_split, real_join, a butterfly factor", async () => {
    const r = rng(181);
    // the first pass of a c64 FFT of 64 ("p" mode in f32) and of 96 (radix 3), of 8 (one pass: a codelet's form)
    for (const n of [64, 96, 8]) {
      const [, dft] = programsOf(`input x: c128[${n}]\noutput y = dft(${n}) @ x`)[0];
      await check(prefix(dft, 1), r);
      if (dft.stages.filter((s) => s.op === "stockham").length > 1) await check(prefix(dft, 2), r); // then a "q" or "half" pass
    }
    const codelet: StageProgram = { inputs: [{ name: "x", len: 8, dtype: "complex" }], outputs: [{ name: "y", len: 8, dtype: "complex" }], temps: [], tables: {}, stages: [{ op: "codelet", src: ["x"], dst: "y", geom: { outer: 1, n: 8, inner: 1 }, arg: { sign: 1 } }] };
    await check(codelet, r);
    // real_split after the rdft's FFT, real_join alone (the irdft's first stage)
    const [, rdft] = programsOf("input x: f64[64]\noutput y = rdft(64) @ x")[0];
    await check(rdft, r);
    const [, irdft] = programsOf("input x: c128[33]\noutput y = irdft(64) @ x")[0];
    await check(prefix(irdft, 1), r);
    const [, bfly] = programsOf("param w: f64[3, 4, 2, 2]\ninput x: c128[8]\noutput y = butterfly(w) @ x")[0];
    await check(prefix(bfly, 1), r);
  });

  it.each([
    ["dft", "input x: c128[2, 64]\noutput y = dft(64, norm=\"ortho\") @ x"],
    ["idft, mixed radix", "input x: c128[2, 120]\noutput y = idft(120) @ x"],
    ["rdft, irdft", "input x: f64[2, 256]\noutput y = irdft(256) @ (rdft(256) @ x)"],
    ["rdft of 6 (one pass of 3)", "input x: f64[6]\noutput y = rdft(6, norm=\"forward\") @ x"],
    ["wht", "input x: c128[2, 1024]\noutput y = wht(1024, norm=\"ortho\") @ x"],
    ["butterfly, real weights", "param w: f64[5, 16, 2, 2]\ninput x: c128[32]\noutput y = butterfly(w, increasing=false) @ x"],
    ["butterfly, complex weights", "param w: c128[4, 8, 2, 2]\ninput x: c128[16]\noutput y = butterfly(w) @ x"],
  ])("the lowered program of %s", async (_what, src) => {
    const r = rng(182), progs = programsOf(src);
    expect(progs.length).toBeGreaterThan(0);
    for (const [, p] of progs) await check(p, r);
  });

  it("declines what it does not render (Rader's gathers, tables that are not the lowering's twiddles, a batch along another axis): those run the cpu's JavaScript", async () => {
    const r = rng(183), rows = { precision: "f64", width: 2 } as const;
    const [, rader] = programsOf("input x: c128[17]\noutput y = dft(17) @ x")[0];
    expect(renderProgram(rader, rows, undefined)).toMatch(/^gather/);
    const [, dft] = programsOf("input x: c128[64]\noutput y = dft(64) @ x")[0];
    const bent = { ...dft, tables: Object.fromEntries(Object.entries(dft.tables).map(([k, t]) => [k, t.map((v) => v * 1.5)])) };
    expect(renderProgram(bent, rows, undefined)).toMatch(/twiddles/);
    expect(typeof renderProgram(dft, rows, undefined)).toBe("object");
    // (the declined programs are not run here: the cpu's runner fails Rader's place and add stages
    // (test/stages/backends.test.ts) and makes its own twiddles, as wasm's does: the cpu's gaps today)
    const run = { outer: 1, inner: 2 }, xs = { x: { re: new Float64Array(128).map(() => r.normal()), im: new Float64Array(128).map(() => r.normal()) } };
    expect(bufRelErr((await runStages(dft, xs, run, "f64")).y, evalStages(dft, xs, run).y)).toBeLessThan(1e-12);
  });
});
