// Names that are Object.prototype keys (constructor, toString, __proto__, ...) in every role a
// spec gives a name (input, param, output, symbolic dim, let binding), run on every backend
// through the Backend objects, through the cpu backend's emitted module text, and through
// `linc run` with .npy files on every compiling backend: each gives the reference's answer, or a clear LincError.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { readNpy, writeNpy } from "../../src/cli/npy.js";
import { getBackend } from "../../src/backends/index.js";
import { checkSource, parseProgram } from "../../src/dsl/index.js";
import type { HostArray, Program, Target } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { maxAbsErr } from "../support/compare.js";
import { allBackends, compiledBackends } from "../support/backends.js";
import { uniformArray } from "../support/random.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const work = mkdtempSync(join(tmpdir(), "linc-proto-names-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const KEYS = Object.getOwnPropertyNames(Object.prototype);

type Role = "input" | "param" | "output" | "dim" | "let";
/** A small spec with NAME in one role; the arrays it binds are always x (or NAME) and w (or NAME). */
const SPECS: Record<Role, (n: string) => string> = {
  input: (n) => `input ${n}: f64[batch, 8]\nparam w: f64[8]\noutput y = diag(w) @ ${n}\n`,
  param: (n) => `input x: f64[batch, 8]\nparam ${n}: f64[8]\noutput y = diag(${n}) @ x\n`,
  output: (n) => `input x: f64[batch, 8]\nparam w: f64[8]\noutput ${n} = diag(w) @ x\noutput y = x\n`,
  dim: (n) => `input x: f64[${n}, 8]\nparam w: f64[8]\noutput y = diag(w) @ x\n`,
  let: (n) => `input x: f64[batch, 8]\nparam w: f64[8]\n${n} = diag(w) @ x\noutput y = ${n} + x\n`,
};
const ROLES = Object.keys(SPECS) as Role[];

const arr = (shape: number[], seed: number): HostArray => ({
  dtype: "f64", shape, data: uniformArray(shape.reduce((a, b) => a * b, 1), seed),
});
/** The bindings of the spec with NAME in `role`, as an own-keys record ({ [k]: v } is safe for __proto__). */
function bindingsOf(role: Role, name: string): Record<string, HostArray> {
  const x = arr([3, 8], 1), w = arr([8], 2);
  return Object.fromEntries([[role === "input" ? name : "x", x], [role === "param" ? name : "w", w]]);
}

/** Same own output names, shapes and (to tol) data. */
function expectSame(got: Record<string, HostArray>, want: Record<string, HostArray>, tol: number, label: string) {
  expect(Object.keys(got).sort(), label).toEqual(Object.keys(want).sort());
  for (const k of Object.keys(want)) {
    expect(Object.hasOwn(got, k), `${label} ${k}`).toBe(true);
    expect(got[k].shape, `${label} ${k}`).toEqual(want[k].shape);
    expect(maxAbsErr(got[k].data as Float64Array, want[k].data as Float64Array), `${label} ${k}`).toBeLessThan(tol);
  }
}

/** The cases the DSL accepts (a name it refuses must be refused with a positioned diagnostic). */
/** Absolute tolerance per backend: float64, and gpujs (float32 on the device). */
const TOL: Record<Target, number> = { reference: 1e-12, cpu: 1e-12, onnx: 1e-12, wasm: 1e-12, gpujs: 1e-5 };
const cases: { role: Role; name: string; program: Program }[] = [];
for (const role of ROLES)
  for (const name of KEYS) {
    const src = SPECS[role](name);
    const diags = checkSource(src, `${role}.linc`);
    if (diags.length) {
      it(`the DSL refuses ${role} '${name}' with a positioned diagnostic`, () => {
        expect(diags[0].code).toMatch(/^E0[1-7]\d\d$/); // a language error, not E09xx (internal)
        expect(diags[0].line).toBeGreaterThan(0);
      });
      continue;
    }
    cases.push({ role, name, program: parseProgram(src, `${role}.linc`) });
  }

/** Every case, each failure collected (role, name, message) so that one report lists them all. */
async function sweep(check: (c: (typeof cases)[number]) => Promise<void>): Promise<void> {
  const failures: string[] = [];
  for (const c of cases)
    try {
      await check(c);
    } catch (e) {
      failures.push(`${c.role} '${c.name}': ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
    }
  expect(failures).toEqual([]);
}

describe("Object.prototype keys as spec names", () => {
  it("the DSL accepts most of them", () => expect(cases.length).toBeGreaterThan(KEYS.length * 2));

  for (const target of allBackends())
    it(`run on the ${target} backend equals the reference, in every role`, async () => {
      const ref = await getBackend("reference"), b = await getBackend(target);
      await sweep(async ({ role, name, program }) => {
        const bindings = bindingsOf(role, name);
        const want = await ref.run(lowerForBackend(program, { target: "reference" }), bindings);
        const got = await b.run(lowerForBackend(program, { target }), bindings);
        expectSame(got, want, TOL[target], `${target} ${role} '${name}'`);
      });
    }, 120_000);

  it("the cpu backend's emitted module text runs, params bound at run time and at compile time", async () => {
    const ref = await getBackend("reference"), cpu = await getBackend("cpu");
    await sweep(async ({ role, name, program }) => {
      const bindings = bindingsOf(role, name);
      const want = await ref.run(lowerForBackend(program, { target: "reference" }), bindings);
      const inputs = Object.fromEntries(program.inputs.map((d) => [d.name, bindings[d.name].data]));
      const params = Object.fromEntries(program.params.map((d) => [d.name, bindings[d.name]]));
      for (const bound of [false, true]) {
        const lowered = lowerForBackend(program, bound ? { target: "cpu", params } : { target: "cpu" });
        const text = cpu.compile!(lowered, bound ? { params } : {}).text!;
        const mod = await import(`data:text/javascript;base64,${Buffer.from(text).toString("base64")}`);
        const kernel = bound ? mod.createKernel() : mod.createKernel(Object.fromEntries(program.params.map((d) => [d.name, bindings[d.name].data])));
        const out = kernel.run(inputs);
        const label = `module ${bound ? "bound" : "unbound"} ${role} '${name}'`;
        expect(Object.keys(out).sort(), label).toEqual(Object.keys(want).sort());
        for (const k of Object.keys(want)) expect(maxAbsErr(out[k], want[k].data as Float64Array), `${label} ${k}`).toBeLessThan(1e-12);
      }
    });
  }, 120_000);
});

function linc(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, failed) => {
    const child = spawn(process.execPath, [join(root, "bin/linc.mjs"), ...args], { cwd: root, timeout: 120_000 });
    let stdout = "", stderr = "";
    child.stdout.on("data", (b) => (stdout += b));
    child.stderr.on("data", (b) => (stderr += b));
    child.on("error", failed);
    child.on("close", (status) => done({ status, stdout, stderr }));
  });
}

describe("linc run with .npy files", () => {
  const picks: [Role, string][] = [["input", "__proto__"], ["param", "constructor"], ["output", "__proto__"], ["dim", "toString"], ["input", "hasOwnProperty"], ["output", "valueOf"]];
  // two backends per pick, in turn through the registry (each `linc run` is a process of its own:
  // every pick on every backend would double this block's time for no new path through the CLI)
  const backends = compiledBackends();
  for (const [i, [role, name]] of picks.entries())
    for (const backend of [backends[i % backends.length], backends[(i + 1) % backends.length]])
      it(`${role} '${name}' on ${backend}`, async (ctx) => {
        const c = cases.find((k) => k.role === role && k.name === name);
        if (!c) return ctx.skip(`the DSL refuses ${role} '${name}' (tested above)`);
        const dir = join(work, `${role}-${name}-${backend}`);
        const spec = join(work, `${role}-${name}.linc`);
        writeFileSync(spec, SPECS[role](name));
        const bindings = bindingsOf(role, name);
        const args = ["run", spec, "--backend", backend, "--out", join(dir, "out")];
        for (const d of c.program.inputs) {
          writeNpy(join(work, `${role}-${name}-in.npy`), bindings[d.name]);
          args.push("--in", `${d.name}=${join(work, `${role}-${name}-in.npy`)}`);
        }
        for (const d of c.program.params) {
          writeNpy(join(work, `${role}-${name}-param.npy`), bindings[d.name]);
          args.push("--param", `${d.name}=${join(work, `${role}-${name}-param.npy`)}`);
        }
        const r = await linc(args);
        expect(r.stderr).not.toMatch(/internal error/);
        expect(r.status, r.stderr).toBe(0);
        const want = await (await getBackend("reference")).run(lowerForBackend(c.program, { target: "reference" }), bindings);
        for (const k of Object.keys(want))
          expect(maxAbsErr(readNpy(join(dir, "out", `${k}.npy`)).data as Float64Array, want[k].data as Float64Array), k).toBeLessThan(TOL[backend]);
      }, 60_000);
});
