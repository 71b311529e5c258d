// Wisdom in the schedule pass: a well-formed wisdom's plans replace the cost model's (for the
// target it names, at the lengths it names, inner FFTs included) and the lowered graph still
// computes the reference's numbers; a malformed one is a clear E0205, never a wrong plan; the
// tuner's candidates are all plans the wisdom check accepts.
import { describe, expect, it } from "vitest";
import { parseProgram } from "../../src/dsl/index.js";
import { type FftPlan, describePlan, runsJs } from "../../src/ir/index.js";
import {
  SCHEDULES, TUNE_TARGETS, WISDOM_FORMAT, WISDOM_VERSION, type Wisdom, candidatePlans, checkPlan, embeddingCandidates, lowerForBackend, parseWisdom, planFft, planLines, tunerCandidates,
} from "../../src/passes/index.js";
import { lincErrorOf } from "../support/errors.js";

const machine = { os: "linux", arch: "x64", cpu: "Test CPU", cores: 4, node: "v20.0.0", linc: "0.1.0" };
// version 2 entries name their precision; these tests' specs compute in f64 (c128, f64) unless an entry says otherwise
const wisdomOf = (plans: unknown[]): unknown => ({ format: WISDOM_FORMAT, version: WISDOM_VERSION, machine, plans: plans.map((e) => ({ precision: "f64", ...(e as object) })) });
const SPEC = "const n = 96\ninput x: f64[3, n]\ninput u: c128[2, 60]\nparam h: f64[n]\noutput y = toeplitz(h, zeros(n)) @ x\noutput z = dft(60) @ u\n";
const program = parseProgram(SPEC, "w.linc");
const lines = (w?: Wisdom) => planLines(lowerForBackend(program, { target: "cpu", wisdom: w }).outputs.map((o) => o.node));

const errorOf = lincErrorOf; // test/support/errors.ts

describe("wisdom in the schedule pass", () => {
  // (that the cpu backend running such plans still gives the reference's numbers: test/cli/tune.test.ts)
  it("forces its plans (different from the cost model's) for its target only", () => {
    const defaults = lines();
    expect(defaults).toContain("dft(60): mixed [4,3,5]");
    expect(defaults).toContain("rdft(192): half-size complex FFT, mixed [4,8,3]");
    const w = parseWisdom(wisdomOf([
      { target: "cpu", n: 60, plan: { algo: "mixed", n: 60, radices: [5, 12] } },
      { target: "cpu", n: 96, plan: { algo: "mixed", n: 96, radices: [2, 3, 16] } },
      { target: "onnx", n: 60, plan: { algo: "mixed", n: 60, radices: [60] } }, // another target's: not used on cpu
    ]));
    const forced = lines(w);
    expect(forced).toContain("dft(60): mixed [5,12]");
    expect(forced).toContain("rdft(192): half-size complex FFT, mixed [2,3,16]");
    expect(forced).toContain("irdft(192): half-size complex FFT, mixed [2,3,16]");
    expect(forced).not.toEqual(defaults);
    // the onnx entry is onnx's alone
    const onnx = planLines(lowerForBackend(program, { target: "onnx", wisdom: w }).outputs.map((o) => o.node));
    expect(onnx).toContain("dft(60): mixed [60]");
    expect(planLines(lowerForBackend(program, { target: "onnx" }).outputs.map((o) => o.node))).toContain("dft(60): direct 60");
  });

  it("reaches inner FFTs: a Bluestein plan's inner length takes the wisdom's plan", () => {
    const p = parseProgram("input x: c128[1, 17]\noutput y = dft(17) @ x\n", "b.linc");
    const w = parseWisdom(wisdomOf([
      { target: "cpu", n: 17, plan: { algo: "bluestein", n: 17, m: 64, inner: { algo: "mixed", n: 64, radices: [4, 4, 4] } } },
      { target: "cpu", n: 16, plan: { algo: "mixed", n: 16, radices: [2, 8] } },
    ]));
    const l = planLines(lowerForBackend(p, { target: "cpu", wisdom: w }).outputs.map((o) => o.node));
    expect(l).toEqual(["dft(17): bluestein m=64 via mixed [4,4,4]"]);
    // Rader's inner FFT of 16 points (the cost model's choice for 17) takes the wisdom's 16
    const w16 = parseWisdom(wisdomOf([{ target: "cpu", n: 16, plan: { algo: "mixed", n: 16, radices: [2, 8] } }]));
    expect(planLines(lowerForBackend(p, { target: "cpu", wisdom: w16 }).outputs.map((o) => o.node))).toEqual(["dft(17): rader via mixed [2,8]"]);
  });
});

describe("plans keyed by length and precision", () => {
  const spec = (dt: string) => `input a: ${dt}[1, 60]\noutput y = dft(60) @ a\n`;
  const both = "input a: c64[1, 60]\ninput b: c128[1, 60]\noutput y = dft(60) @ a\noutput z = dft(60) @ b\n";
  const plansOf = (src: string, w?: Wisdom, target: "cpu" | "wasm" = "cpu") => planLines(lowerForBackend(parseProgram(src, "p.linc"), { target, wisdom: w }).outputs.map((o) => o.node));
  const w = parseWisdom(wisdomOf([
    { target: "cpu", n: 60, precision: "f32", plan: { algo: "mixed", n: 60, radices: [5, 12] } },
    { target: "cpu", n: 60, precision: "f64", plan: { algo: "mixed", n: 60, radices: [2, 2, 15] } },
  ]));
  it("a c64 FFT takes the f32 plan and a c128 FFT of the same length the f64 one", () => {
    expect(plansOf(spec("c64"))).toEqual(["dft(60): mixed [4,3,5]"]);
    expect(plansOf(spec("c64"), w)).toEqual(["dft(60): mixed [5,12]"]);
    expect(plansOf(spec("c128"), w)).toEqual(["dft(60): mixed [2,2,15]"]);
    // real data: rdft(120) of f32 rows runs an FFT of 60 in f32
    expect(plansOf("input x: f32[2, 120]\noutput y = rdft(120) @ x\n", w)).toEqual(["rdft(120): half-size complex FFT, mixed [5,12]"]);
    const f32Only = parseWisdom(wisdomOf([{ target: "cpu", n: 60, precision: "f32", plan: { algo: "mixed", n: 60, radices: [5, 12] } }]));
    expect(plansOf(spec("c128"), f32Only)).toEqual(["dft(60): mixed [4,3,5]"]);
    // one dft node applied to c64 and c128 data: it runs in both, and takes the f64 plan
    expect(plansOf(both, w)).toEqual(["dft(60): mixed [2,2,15]"]);
  });
  it("a DCT of f32 data runs its FFT in f64 on cpu (float64 scratch rows), in f32 on onnx", () => {
    const dct = "input x: f32[2, 32]\noutput y = dct(32, type=2) @ x\n";
    const both = parseWisdom(wisdomOf([
      { target: "cpu", n: 32, precision: "f32", plan: { algo: "mixed", n: 32, radices: [2, 16] } },
      { target: "cpu", n: 32, precision: "f64", plan: { algo: "mixed", n: 32, radices: [16, 2] } },
      { target: "onnx", n: 32, precision: "f32", plan: { algo: "mixed", n: 32, radices: [4, 8] } },
    ]));
    expect(plansOf(dct, both)).toEqual(["dct(32): full-size complex FFT, mixed [16,2]"]);
    expect(planLines(lowerForBackend(parseProgram(dct, "d.linc"), { target: "onnx", wisdom: both }).outputs.map((o) => o.node))).toEqual(["dct(32): full-size complex FFT, mixed [4,8]"]);
  });
  it("a version 1 file (keyed by length alone) is still read: its plan serves both precisions", () => {
    const v1 = parseWisdom({ format: WISDOM_FORMAT, version: 1, machine, plans: [{ target: "cpu", n: 60, plan: { algo: "mixed", n: 60, radices: [5, 12] }, ms: 0.5 }] });
    expect(v1.version).toBe(WISDOM_VERSION);
    expect(v1.plans.map((p) => [p.n, p.precision, p.ms])).toEqual([[60, "f32", 0.5], [60, "f64", 0.5]]);
    expect(plansOf(spec("c64"), v1)).toEqual(["dft(60): mixed [5,12]"]);
    expect(plansOf(spec("c128"), v1)).toEqual(["dft(60): mixed [5,12]"]);
  });
  it("on wasm, \"kernel\": \"js\" records the JavaScript kernel's plan (checked against the cpu's passes), a renderer choice on the lowered program, not in the plan", () => {
    // radix 6 is no wasm pass (refused above) but a cpu codelet: fine for the JavaScript kernel
    const js = parseWisdom(wisdomOf([{ target: "wasm", n: 60, precision: "f64", kernel: "js", plan: { algo: "mixed", n: 60, radices: [6, 10] } }]));
    expect(js.plans[0]).toEqual({ target: "wasm", n: 60, precision: "f64", kernel: "js", plan: { algo: "mixed", n: 60, radices: [6, 10] } });
    expect(plansOf(spec("c128"), js, "wasm")).toEqual(["dft(60): mixed [6,10]"]);
    expect(plansOf(spec("c64"), js, "wasm")).toEqual(["dft(60): mixed [4,3,5]"]);
    const low = lowerForBackend(parseProgram(spec("c128"), "s.linc"), { target: "wasm", wisdom: js });
    expect(low.render?.jsFft?.measured).toEqual({ "60:f64": true });
    expect(runsJs(low.render, 60, "f64")).toBe(true);
    expect(runsJs(low.render, 60, "f32")).toBe(false); // not below jsBelow.f32, and no wisdom for it
    expect(runsJs(low.render, 16, "f32")).toBe(true); // below jsBelow.f32
  });
  it("a file with the old \"engine\": \"js\" inside the plan reads as \"kernel\": \"js\"", () => {
    const old = parseWisdom(wisdomOf([{ target: "wasm", n: 60, precision: "f64", plan: { algo: "mixed", n: 60, radices: [6, 10], engine: "js" } }]));
    expect(old.plans[0]).toEqual({ target: "wasm", n: 60, precision: "f64", kernel: "js", plan: { algo: "mixed", n: 60, radices: [6, 10] } });
  });
});

describe("measured direct-vs-FFT routes", () => {
  const plansOf = (src: string, w?: Wisdom) => planLines(lowerForBackend(parseProgram(src, "t.linc"), { target: "cpu", wisdom: w }).outputs.map((o) => o.node));
  const small = "input x: f64[2, 8]\nparam h: f64[8]\noutput y = toeplitz(h, zeros(8)) @ x\n";
  it("force the FFT route on a small Toeplitz the cost model keeps direct, and direct on a large one", () => {
    expect(plansOf(small)).toEqual([]);
    const fft = parseWisdom({ ...(wisdomOf([]) as object), routes: [{ target: "cpu", m: 8, n: 8, route: "fft" }] });
    expect(plansOf(small, fft).length).toBeGreaterThan(0);
    expect(plansOf(SPEC).some((l) => l.startsWith("rdft(192)"))).toBe(true);
    const direct = parseWisdom({ ...(wisdomOf([]) as object), routes: [{ target: "cpu", m: 96, n: 96, route: "direct" }, { target: "onnx", m: 8, n: 8, route: "fft" }] });
    expect(plansOf(SPEC, direct)).toEqual(["dft(60): mixed [4,3,5]"]);
    expect(plansOf(small, direct)).toEqual([]); // the onnx route is onnx's alone
  });
  it("an FFT route's embedding size N replaces the schedule's for that need (m + n - 1)", () => {
    const real = (ls: string[]) => ls.filter((l) => /^i?rdft/.test(l)).sort();
    // two rdfts: x's (unscaled) and the run-time filter's spectrum (scaled by 1/N, structure.ts)
    expect(real(plansOf(SPEC))).toEqual(["irdft(192): half-size complex FFT, mixed [4,8,3]", "rdft(192): half-size complex FFT, mixed [4,8,3]", "rdft(192): half-size complex FFT, mixed [4,8,3]"]);
    const w = parseWisdom({ ...(wisdomOf([]) as object), routes: [{ target: "cpu", m: 96, n: 96, route: "fft", N: 256 }] });
    expect(real(plansOf(SPEC, w))).toEqual(["irdft(256): half-size complex FFT, mixed [8,16]", "rdft(256): half-size complex FFT, mixed [8,16]", "rdft(256): half-size complex FFT, mixed [8,16]"]);
    // a small Toeplitz forced to the FFT route with its own size: its embedding circulant goes spectral at that size
    const s8 = parseWisdom({ ...(wisdomOf([]) as object), routes: [{ target: "cpu", m: 8, n: 8, route: "fft", N: 20 }] });
    expect(plansOf(small, s8).some((l) => l.startsWith("rdft(20)"))).toBe(true);
  });
  it("the tuner's embedding sizes: the schedule's, the power of two, the next 5-smooth", () => {
    expect(embeddingCandidates(95, SCHEDULES.cpu)).toEqual([96, 128, 100]);
    expect(embeddingCandidates(64, SCHEDULES.cpu)).toEqual([64, 72]);
    expect(embeddingCandidates(100, SCHEDULES.gpujs)).toEqual([128, 135]);
    for (const need of [2, 15, 95, 191, 1000]) for (const N of embeddingCandidates(need, SCHEDULES.cpu)) expect(N).toBeGreaterThanOrEqual(need);
  });
  it.each([
    ["not a list", "x", /"routes" must be a list/],
    ["an embedding size on the direct route", [{ target: "cpu", m: 8, n: 8, route: "direct", N: 16 }], /an embedding size N belongs to the fft route only/],
    ["an embedding size below m + n - 1", [{ target: "cpu", m: 8, n: 8, route: "fft", N: 14 }], /the embedding size N must be an integer from m \+ n - 1 = 15 to 2\(m \+ n - 1\) = 30, got 14/],
    ["a bad route", [{ target: "cpu", m: 8, n: 8, route: "fast" }], /route must be "direct" or "fft", got "fast"/],
    ["a bad size", [{ target: "cpu", m: 0, n: 8, route: "fft" }], /m and n must be positive integers/],
    ["a second route for a shape", [{ target: "cpu", m: 8, n: 8, route: "fft" }, { target: "cpu", m: 8, n: 8, route: "direct" }], /a second route for cpu 8 x 8/],
  ])("malformed routes: %s", (_what, routes, message) => {
    const e = errorOf(() => parseWisdom({ ...(wisdomOf([]) as object), routes }, "r.json"));
    expect(e.code).toBe("E0205");
    expect(e.message).toMatch(message);
  });
});

describe("a malformed wisdom is a clear error", () => {
  const plan = (n: number, p: unknown, target = "cpu") => wisdomOf([{ target, n, plan: p }]);
  it.each([
    ["not an object", 42, /not a linc wisdom file/],
    ["another format", { format: "fftw", version: 1, machine, plans: [] }, /not a linc wisdom file/],
    ["another version", { format: WISDOM_FORMAT, version: 9, machine, plans: [] }, /version 9/],
    ["no machine", { format: WISDOM_FORMAT, version: 1, plans: [] }, /machine/],
    ["a machine field of the wrong type", { format: WISDOM_FORMAT, version: 1, machine: { ...machine, cores: "4" }, plans: [] }, /machine\.cores must be a number/],
    ["radices whose product is not n", plan(60, { algo: "mixed", n: 60, radices: [4, 4, 4] }), /multiply to 64, not n = 60/],
    ["a radix the target has no pass for", plan(34, { algo: "mixed", n: 34, radices: [2, 17] }), /radix 17 is not one of this target's passes/],
    ["a wasm radix of 6", plan(12, { algo: "mixed", n: 12, radices: [6, 2] }, "wasm"), /radix 6/],
    ["a plan for another length", plan(64, { algo: "mixed", n: 32, radices: [4, 8] }), /the plan is for n = 32, expected 64/],
    ["a negative length", plan(-8, { algo: "mixed", n: -8, radices: [] }), /n must be a positive integer/],
    ["an unknown target", plan(8, { algo: "mixed", n: 8, radices: [8] }, "gpu"), /target must be one of cpu, wasm, onnx/],
    ["an unknown algorithm", plan(8, { algo: "fastest", n: 8 }), /unknown algorithm 'fastest'/],
    ["a direct plan too large for one codelet", plan(64, { algo: "direct", n: 64 }), /cannot be one direct codelet/],
    ["Bluestein with a short m", plan(17, { algo: "bluestein", n: 17, m: 32, inner: { algo: "mixed", n: 32, radices: [4, 8] } }), /power of two >= 2n - 1 = 33/],
    ["Rader for a composite n", plan(15, { algo: "rader", n: 15, inner: { algo: "mixed", n: 14, radices: [2, 7] } }), /prime n/],
    ["two plans for one length", wisdomOf([{ target: "cpu", n: 8, plan: { algo: "mixed", n: 8, radices: [8] } }, { target: "cpu", n: 8, plan: { algo: "mixed", n: 8, radices: [2, 4] } }]), /a second plan for cpu n = 8 f64/],
    ["a version 1 file with two plans for one length", { format: WISDOM_FORMAT, version: 1, machine, plans: [{ target: "cpu", n: 8, plan: { algo: "mixed", n: 8, radices: [8] } }, { target: "cpu", n: 8, plan: { algo: "mixed", n: 8, radices: [2, 4] } }] }, /a second plan for cpu n = 8$/],
    ["a version 2 plan without a precision", { format: WISDOM_FORMAT, version: 2, machine, plans: [{ target: "cpu", n: 8, plan: { algo: "mixed", n: 8, radices: [8] } }] }, /precision must be "f32" or "f64", got undefined/],
    ["a precision that is a dtype", wisdomOf([{ target: "cpu", n: 8, precision: "c64", plan: { algo: "mixed", n: 8, radices: [8] } }]), /precision must be "f32" or "f64", got "c64"/],
    ["a version 1 plan with a precision", { format: WISDOM_FORMAT, version: 1, machine, plans: [{ target: "cpu", n: 8, precision: "f32", plan: { algo: "mixed", n: 8, radices: [8] } }] }, /a version 1 plan has no precision/],
    ["the JavaScript kernel on cpu (old form)", plan(8, { algo: "mixed", n: 8, radices: [8], engine: "js" }), /"kernel": "js" is a choice of the wasm target only/],
    ["the JavaScript kernel on cpu", wisdomOf([{ target: "cpu", n: 8, precision: "f64", kernel: "js", plan: { algo: "mixed", n: 8, radices: [8] } }]), /"kernel": "js" is a choice of the wasm target only/],
    ["an unknown engine", plan(8, { algo: "mixed", n: 8, radices: [8], engine: "gpu" }, "wasm"), /engine must be "js" \(or absent\), got "gpu"/],
    ["an unknown kernel", wisdomOf([{ target: "wasm", n: 8, precision: "f64", kernel: "gpu", plan: { algo: "mixed", n: 8, radices: [8] } }]), /kernel must be "js" \(or absent\), got "gpu"/],
    ["a JavaScript plan the cpu kernels cannot render", plan(34, { algo: "mixed", n: 34, radices: [2, 17], engine: "js" }, "wasm"), /radix 17 is not one of this target's passes/],
    ["radices that are not numbers", plan(8, { algo: "mixed", n: 8, radices: ["8"] }), /radices must be a list of positive integers/],
  ])("%s", (_what, data, message) => {
    const e = errorOf(() => parseWisdom(data, "bad.wisdom.json"));
    expect(e.code).toBe("E0205");
    expect(e.message).toMatch(/invalid wisdom \(bad\.wisdom\.json/);
    expect(e.message).toMatch(message);
  });
});

describe("the tuner's candidates", () => {
  const sizes = [1, 2, 7, 12, 16, 30, 60, 64, 96, 97, 128, 243, 257, 1024, 4096, 1031];
  it.each(TUNE_TARGETS)("on %s: distinct, the cost model's first, each accepted by the wisdom check", (target) => {
    const s = SCHEDULES[target].fft;
    for (const n of sizes) {
      const c = candidatePlans(n, s, 8);
      expect(describePlan(c[0])).toBe(describePlan(planFft(n, s)));
      expect(new Set(c.map(describePlan)).size).toBe(c.length);
      expect(c.length).toBeLessThanOrEqual(8);
      for (const p of c) expect(checkPlan(JSON.parse(JSON.stringify(p)) as FftPlan, n, s, "candidate")).toEqual(p);
      if (n >= 12 && n !== 97 && n !== 257 && n !== 1031 && target !== "wasm") expect(c.length).toBeGreaterThan(2);
    }
  });
  it("on wasm: the cpu's JavaScript kernel second (its cost model's plan), accepted by the wisdom check", () => {
    for (const n of [2, 12, 60, 64, 97, 1024]) {
      const c = tunerCandidates("wasm", n, 8);
      expect(describePlan(c[0].plan)).toBe(describePlan(planFft(n, SCHEDULES.wasm.fft)));
      expect(c[1]).toEqual({ plan: planFft(n, SCHEDULES.cpu.fft), kernel: "js" });
      expect(c.length).toBeLessThanOrEqual(8);
      for (const p of c) expect(checkPlan(JSON.parse(JSON.stringify(p.plan)) as FftPlan, n, SCHEDULES[p.kernel === "js" ? "cpu" : "wasm"].fft, "candidate")).toEqual(p.plan);
      expect(tunerCandidates("wasm", n, 1)).toHaveLength(2); // the JS kernel is timed even with one candidate
    }
    expect(tunerCandidates("cpu", 60, 8)).toEqual(candidatePlans(60, SCHEDULES.cpu.fft, 8).map((plan) => ({ plan })));
  });
  it("offers Rader and Bluestein for a prime above the codelets", () => {
    const algos = candidatePlans(257, SCHEDULES.cpu.fft).map((p) => p.algo).sort();
    expect(algos).toEqual(["bluestein", "rader"]);
  });
});
