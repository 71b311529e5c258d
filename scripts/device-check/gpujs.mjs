// The gpujs backend on a real GPU through WebGPU in Node (Dawn, the `webgpu` package that gpu.js
// depends on; it needs GLIBCXX_3.4.32 and a Vulkan driver, which the machines the tests run on
// lack). Every example is compiled to a gpujs module (params bound), run in GPU.js's `webgpu` mode
// and compared with linc's reference interpreter (float32 on the device: 1e-4 of each output's
// largest magnitude, as spec/backends.md states); then a few are timed against the cpu backend's
// module on the same machine (median of steady runs, batch 256).
//
//   npm run build && node scripts/device-check/gpujs.mjs        (from the repository root)
//
// MODE=cpu runs the same checks in GPU.js's cpu mode, without WebGPU (a dry run of this script).
import { readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compile, parse, run } from "../../dist/index.js";
import { randomArray } from "./data.mjs";

const MODE = process.env.MODE ?? "webgpu";
if (MODE === "webgpu") {
  const { create, globals } = await import("webgpu");
  Object.assign(globalThis, globals);
  Object.defineProperty(globalThis, "navigator", { value: { gpu: create([]) }, configurable: true });
  // Dawn's Node binding refuses a plain function for the `onuncapturederror` attribute that GPU.js
  // sets (a browser takes one): route it to addEventListener where the binding has it, else drop it
  const device = globalThis.GPUDevice?.prototype;
  if (device) Object.defineProperty(device, "onuncapturederror", { configurable: true, get: () => null, set(fn) { try { this.addEventListener?.("uncapturederror", fn); } catch { /* uncaptured errors are then printed by Dawn */ } } });
  const adapter = await navigator.gpu.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter) throw new Error("no WebGPU adapter");
  const info = adapter.info ?? {};
  console.log(`WebGPU adapter: vendor ${info.vendor}, architecture ${info.architecture}, device ${info.device}, ${info.description}`);
}

let seq = 0;
/** Import a compiled module (written beside a node_modules that has gpu.js: the repository root). */
async function load(text) {
  const file = join(process.cwd(), `.gpujs-check-${process.pid}-${seq++}.mjs`);
  writeFileSync(file, text);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(file);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

let failures = 0;
const timed = [];
for (const file of readdirSync("examples").filter((f) => f.endsWith(".linc")).sort()) {
  const name = file.replace(/\.linc$/, "");
  const source = readFileSync(join("examples", file), "utf8");
  const p = await parse(source, { file });
  for (const batch of [3, 256]) {
    if (batch === 256 && !p.signature.inputs.some((a) => a.shape.some((d) => typeof d === "string"))) continue;
    const dim = (d) => (typeof d === "number" ? d : batch);
    const inputs = Object.fromEntries(p.signature.inputs.map((a) => [a.name, randomArray(a.dtype, a.shape.map(dim))]));
    const params = Object.fromEntries(p.signature.params.map((a) => [a.name, randomArray(a.dtype, a.shape.map(dim))]));
    let gpu;
    try {
      gpu = await load((await compile(source, { target: "gpujs", params, file })).text);
    } catch (e) {
      console.log(`skip ${name}: ${e.message.split("\n")[0]}`);
      break;
    }
    const k = await gpu.createKernel(undefined, { mode: MODE });
    const plain = Object.fromEntries(Object.entries(inputs).map(([n, a]) => [n, a.data]));
    const out = await k.run(plain);
    if (batch === 3) {
      const want = await run(source, { backend: "reference", inputs, params, file });
      for (const [o, w] of Object.entries(want)) {
        const got = out[o];
        let big = 0, err = 0;
        for (let i = 0; i < w.data.length; i++) (big = Math.max(big, Math.abs(w.data[i]))), (err = Math.max(err, Math.abs(got[i] - w.data[i])));
        const rel = err / (big || 1), ok = k.mode === MODE && got.length === w.data.length && rel <= 1e-4;
        if (!ok) failures++;
        console.log(`${ok ? "ok  " : "FAIL"} ${name}.${o} mode ${k.mode}: max error ${rel.toExponential(2)} of the largest value`);
      }
    } else {
      const cpu = await load((await compile(source, { target: "js", params, file })).text);
      const ck = cpu.createKernel();
      const t = { gpu: [], cpu: [] };
      for (let r = 0; r < 3; r++) await k.run(plain), ck.run(plain); // warm-up
      for (let r = 0; r < 15; r++) {
        let t0 = performance.now();
        await k.run(plain);
        t.gpu.push(performance.now() - t0);
        t0 = performance.now();
        ck.run(plain);
        t.cpu.push(performance.now() - t0);
      }
      timed.push(`${name} (batch ${batch}): gpujs ${MODE} ${median(t.gpu).toFixed(2)} ms, cpu ${median(t.cpu).toFixed(2)} ms, ${(median(t.cpu) / median(t.gpu)).toFixed(2)}x`);
    }
    k.destroy();
  }
}
console.log(timed.join("\n"));
console.log(`${failures} failures`);
process.exit(failures ? 1 : 0);
