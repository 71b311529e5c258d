// Emitted typings TypeScript finds: a TypeScript app that imports a compiled kernel (kernel.mjs
// with kernel.d.mts beside it; kernel.js with kernel.d.ts) type-checks under moduleResolution
// nodenext and bundler, and passing the wrong array type is a type error.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { artifactFiles, compile } from "../../src/api/index.js";
import { REPO_ROOT } from "../support/golden.js";

const SPEC = "const n = 16\ninput x: f32[batch, n]\nparam h: f32[n]\nT = toeplitz(h, zeros(n))\noutput y = T @ x\n";
const TSC = join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");

const GOOD = (mod: string) => `import { createKernel, inputs, params, type Outputs } from "${mod}";
const k = createKernel({ h: new Float32Array(16) });
const out: Outputs = k.run({ x: new Float32Array(32) }, undefined, { batch: 2 });
const y: Float32Array = out.y;
export const names: readonly string[] = inputs.map((a) => a.name);
// the descriptors are exact literal types
const n: 16 = params[0].shape[0];
const batch: "batch" = inputs[0].shape[0];
const dtype: "f32" = inputs[0].dtype;
export { n, batch, dtype };
export default y;
`;
const BAD = (mod: string) => `import { createKernel } from "${mod}";
createKernel({ h: new Float32Array(16) }).run({ x: [1, 2, 3] });
createKernel({ h: new Float32Array(16) }).run({ x: new Float64Array(32) });
createKernel({ h: new Float32Array(16) }).run({ x: new Float32Array(32) }, undefined, { bacth: 2 });
`;

const RESOLUTION = {
  nodenext: { module: "nodenext", moduleResolution: "nodenext" },
  bundler: { module: "esnext", moduleResolution: "bundler" },
} as const;

async function app(resolution: keyof typeof RESOLUTION, moduleFile: string, consumer: string, target = "js"): Promise<{ status: number | null; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), `linc-typings-${resolution}-`));
  mkdirSync(join(dir, "kernel"));
  const c = await compile(SPEC, { target, moduleFile });
  for (const [f, d] of artifactFiles(c, join(dir, "kernel", moduleFile))) writeFileSync(f, d);
  writeFileSync(join(dir, "app.mts"), consumer);
  const compilerOptions = { ...RESOLUTION[resolution], target: "es2022", strict: true, noEmit: true, skipLibCheck: false, types: [] };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["app.mts"] }));
  const r = spawnSync(process.execPath, [TSC, "-p", dir], { encoding: "utf8", timeout: 120_000 });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe("typings of a compiled kernel", () => {
  it.each(["nodenext", "bundler"] as const)("kernel.mjs + kernel.d.mts type-check under %s resolution", async (res) => {
    const r = await app(res, "kernel.mjs", GOOD("./kernel/kernel.mjs"));
    expect(r.out).toBe("");
    expect(r.status).toBe(0);
  });

  it.each(["nodenext", "bundler"] as const)("a wrong input type is a type error under %s resolution", async (res) => {
    const r = await app(res, "kernel.mjs", BAD("./kernel/kernel.mjs"));
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/app\.mts\(2,\d+\): error TS2\d+: Type 'number\[\]' .*Float32Array/);
    expect(r.out).toMatch(/app\.mts\(3,\d+\): error TS2\d+: .*Float64Array.*Float32Array/);
    expect(r.out).toMatch(/app\.mts\(4,\d+\): error TS2\d+: .*'bacth' does not exist in type 'Dims'/);
    expect(r.out).not.toMatch(/TS7016/); // the module's typings were found
  });

  it("each field's JSDoc gives its dtype and shape", async () => {
    const c = await compile(SPEC, { target: "js" });
    expect(c.typings).toContain(`/** input f32[batch, 16] */\n  "x": Float32Array;`);
    expect(c.typings).toContain(`/** param f32[16] */\n  "h": Float32Array;`);
    expect(c.typings).toContain(`/** output f32[batch, 16] */\n  "y": Float32Array;`);
  });

  it("--target gpujs writes typings too: createKernel and run return Promises", async () => {
    const GPUJS = `import { createKernel, outputs } from "./kernel/kernel.mjs";
const k = await createKernel({ h: new Float32Array(16) }, { mode: "cpu" });
const out = await k.run({ x: new Float32Array(32) });
const y: Float32Array = out.y;
const name: "y" = outputs[0].name;
k.destroy();
export { y, name };
`;
    const r = await app("nodenext", "kernel.mjs", GPUJS, "gpujs");
    expect(r.out).toBe("");
    expect(r.status).toBe(0);
    const sync = await app("nodenext", "kernel.mjs", GPUJS.replace("const out = await k.run", "const out: { y: Float32Array } = k.run"), "gpujs");
    expect(sync.out).toMatch(/TS2741|TS2739|Promise/); // run is async: its result is not the outputs
  });

  it("kernel.js + kernel.d.ts type-check under bundler resolution", async () => {
    const r = await app("bundler", "kernel.js", GOOD("./kernel/kernel.js"));
    expect(r.out).toBe("");
    expect(r.status).toBe(0);
  });
});
