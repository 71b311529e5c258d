// The gpujs module checks its arguments as the cpu module does (issue 10, item 14): both embed
// the same boundary text (src/backends/shared/boundary.ts), so each bad call below gets the same
// error class and message from both; an empty batch runs on both and gives empty outputs.
import { describe, expect, it } from "vitest";
import { compileCpu } from "../../src/backends/cpu/index.js";
import { compileGpujs } from "../../src/backends/gpujs/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { lowerForBackend } from "../../src/passes/index.js";

const SPEC = "input x: f64[batch, 4]\nparam w: f64[4]\noutput y = dft(4) @ (x * w)\n";
const p = parseProgram(SPEC, "b.linc");
const W = new Float64Array([1, 2, 3, 4]);
const ok = (batch: number) => new Float64Array(batch * 4).fill(1);

type Call = [inputs: unknown, outputs?: unknown, dims?: unknown];
const CASES: { name: string; call: Call; want: RegExp }[] = [
  { name: "inputs null", call: [null], want: /^TypeError: inputs must be an object of typed arrays$/ },
  { name: "inputs a string", call: ["x"], want: /^TypeError: inputs must be an object of typed arrays$/ },
  { name: "an input missing", call: [{}], want: /^Error: missing input "x"$/ },
  { name: "an input null", call: [{ x: null }], want: /^TypeError: input "x" must be a Float64Array$/ },
  { name: "an input a plain array", call: [{ x: [1, 2, 3, 4] }], want: /^TypeError: input "x" must be a Float64Array$/ },
  { name: "an input a string", call: [{ x: "1234" }], want: /^TypeError: input "x" must be a Float64Array$/ },
  { name: "an input of the wrong class", call: [{ x: new Float32Array(4) }], want: /^TypeError: input "x" must be a Float64Array$/ },
  { name: "an input length not a multiple", call: [{ x: new Float64Array(5) }], want: /^RangeError: input "x" has 5 elements, not a multiple of 4/ },
  { name: "an output of the wrong class", call: [{ x: ok(1) }, { y: new Float32Array(8) }], want: /^TypeError: output "y" must be a Float64Array$/ },
  { name: "an output a plain array", call: [{ x: ok(1) }, { y: new Array(8).fill(0) }], want: /^TypeError: output "y" must be a Float64Array$/ },
  { name: "an output of the wrong length", call: [{ x: ok(1) }, { y: new Float64Array(7) }], want: /^RangeError: output "y" must have 8 elements, got 7$/ },
  { name: "a negative dim", call: [{ x: ok(1) }, undefined, { batch: -1 }], want: /^RangeError: dimension "batch" must be a non-negative integer$/ },
  { name: "a fractional dim", call: [{ x: ok(1) }, undefined, { batch: 1.5 }], want: /^RangeError: dimension "batch" must be a non-negative integer$/ },
  { name: "a string dim", call: [{ x: ok(1) }, undefined, { batch: "1" }], want: /^RangeError: dimension "batch" must be a non-negative integer$/ },
  { name: "a dim that disagrees with the input", call: [{ x: ok(1) }, undefined, { batch: 2 }], want: /^RangeError: input "x" must have 8 elements, got 4$/ },
];

async function errorOf(f: () => unknown): Promise<string> {
  try {
    await f();
    return "no error";
  } catch (e) {
    return `${(e as Error).constructor.name}: ${(e as Error).message}`;
  }
}

describe("gpujs module boundary checks match the cpu module's", async () => {
  const cpu = compileCpu(lowerForBackend(p, { target: "cpu" })).createKernel({ w: W });
  const gpu = await compileGpujs(lowerForBackend(p, { target: "gpujs" })).createKernel({ w: W }, { mode: "cpu" });
  const run = { cpu: (c: Call) => (cpu.run as (...a: unknown[]) => unknown)(...c), gpujs: (c: Call) => (gpu.run as (...a: unknown[]) => unknown)(...c) };

  for (const c of CASES)
    it(c.name, async () => {
      const a = await errorOf(() => run.cpu(c.call)), b = await errorOf(() => run.gpujs(c.call));
      expect(a).toMatch(c.want);
      expect(b).toBe(a);
    });

  it("params: null, a plain array, the wrong class, the wrong length", async () => {
    const cpuArt = compileCpu(lowerForBackend(p, { target: "cpu" })), gpuArt = compileGpujs(lowerForBackend(p, { target: "gpujs" }));
    for (const [P, want] of [
      [null, /^TypeError: params must be an object of typed arrays$/],
      [{ w: [1, 2, 3, 4] }, /^TypeError: param "w" must be a Float64Array$/],
      [{ w: new Float32Array(4) }, /^TypeError: param "w" must be a Float64Array$/],
      [{ w: new Float64Array(3) }, /^RangeError: param "w" must have 4 elements, got 3$/],
      [{}, /^Error: missing param "w"$/],
    ] as const) {
      const a = await errorOf(() => cpuArt.createKernel(P as never)), b = await errorOf(() => gpuArt.createKernel(P as never, { mode: "cpu" }));
      expect(a).toMatch(want);
      expect(b).toBe(a);
    }
  });

  it("batch 0 runs on both and gives empty outputs; a good call after the bad ones still runs", async () => {
    const a = cpu.run({ x: new Float64Array(0) }) as Record<string, Float64Array>;
    const b = (await gpu.run({ x: new Float64Array(0) })) as Record<string, Float64Array>;
    expect(a.y).toEqual(new Float64Array(0));
    expect(b.y).toEqual(new Float64Array(0));
    const y = ((await gpu.run({ x: ok(2) })) as Record<string, Float64Array>).y;
    expect(y.length).toBe(16);
    expect(y[0]).toBeCloseTo(10, 5); // dft row 0 of x * w = 1 + 2 + 3 + 4
    gpu.destroy();
  });
});
