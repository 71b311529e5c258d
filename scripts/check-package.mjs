#!/usr/bin/env node
// `npm run test:package` (CI runs it after `npm test`): linc as a user gets it. Packs the tarball,
// installs it into a temporary app far from linc's sources and without the optional runtimes,
// then: imports the library, compiles a spec to js and onnx, runs the js kernel against the
// library's reference run, checks that the onnx backend names the package it needs, runs
// `npx linc check`; then installs onnxruntime-node in the app and runs the model. Prints the
// tarball's size and file count and the app's node_modules size without and with the runtime.
// Needs the npm registry. LINC_KEEP_APP=1 keeps the app's folder.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const work = mkdtempSync(join(tmpdir(), "linc-package-"));
const env = { ...process.env, ONNXRUNTIME_NODE_INSTALL: "skip", LINC_FROM_SOURCES: "" };
const figures = [];

function sh(cmd, args, cwd, what) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${what} failed (${cmd} ${args.join(" ")}, status ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}
const ok = (cond, what) => {
  if (!cond) throw new Error(`check failed: ${what}`);
  console.log(`  ok  ${what}`);
};
function duBytes(dir) {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) n += duBytes(p);
    else if (e.isFile()) n += statSync(p).size;
  }
  return n;
}
const mb = (b) => `${(b / 2 ** 20).toFixed(1)} MiB`;

function pack() {
  // npm pack runs `prepack` (the build), whose messages come first on stdout, then the JSON
  const out = sh("npm", ["pack", "--json", "--pack-destination", work], root, "npm pack");
  const [info] = JSON.parse(out.slice(out.search(/^\[/m)));
  const names = info.files.map((f) => f.path);
  const bad = names.filter((p) => /^(test|bench|examples|src|scripts)\//.test(p) || /\.test\.|\.tsbuildinfo$/.test(p));
  ok(bad.length === 0, `the tarball holds no tests, benches, examples or sources (${bad.slice(0, 5).join(", ") || "none"})`);
  ok(names.includes("dist/index.js") && names.includes("dist/index.d.ts") && names.includes("dist/cli.js") && names.includes("bin/linc.mjs"), "the tarball holds dist/index.js, index.d.ts, cli.js and bin/linc.mjs");
  figures.push(`tarball: ${info.filename}, ${mb(info.size)} packed, ${mb(info.unpackedSize)} unpacked, ${info.entryCount} files`);
  return join(work, info.filename);
}

const APP_TEST = String.raw`
import { readFileSync, writeFileSync } from "node:fs";
import { check, compile, run, explain, LincError } from "linc";
const source = readFileSync("conv.linc", "utf8");
const assert = (c, what) => { if (!c) { console.error("FAILED: " + what); process.exit(1); } console.log("  ok  " + what); };
const bad = await check("input x: f32[4]\noutput y = fftt(4) @ x\n", { file: "bad.linc" });
assert(bad.length === 1 && bad[0].code === "E0104" && bad[0].line === 2 && bad[0].col > 1, "check gives diagnostics as data: " + JSON.stringify(bad[0]));
assert((await check(source)).length === 0, "check passes the spec");
const x = { dtype: "f32", shape: [3, 64], data: Float32Array.from({ length: 192 }, (_, i) => Math.sin(i)) };
const h = { dtype: "f32", shape: [64], data: Float32Array.from({ length: 64 }, (_, i) => Math.cos(i) / (i + 1)) };
const js = await compile(source, { target: "js" });
writeFileSync("kernel.mjs", js.text); writeFileSync("kernel.d.mts", js.typings);
const { createKernel } = await import(new URL("./kernel.mjs", import.meta.url).href);
const got = createKernel({ h: h.data }).run({ x: x.data }).y;
const want = (await run(source, { backend: "reference", inputs: { x }, params: { h } })).y.data;
const err = Math.max(...want.map((w, i) => Math.abs(w - got[i])));
assert(err < 1e-4, "the compiled js kernel matches the reference run (max error " + err.toExponential(2) + ")");
const onnx = await compile(source, { target: "onnx", params: { h } });
assert(onnx.bytes instanceof Uint8Array && onnx.bytes.length > 100, "compile --target onnx gives model bytes without onnxruntime (" + onnx.bytes.length + " bytes)");
writeFileSync("conv.onnx", onnx.bytes);
writeFileSync("io.json", JSON.stringify({ x: Array.from(x.data), want: Array.from(want) }));
assert((await explain(source)).passes.length > 0, "explain lists the passes");
const withOrt = process.argv[2] === "with-ort";
try {
  await run(source, { backend: "gpujs", inputs: { x }, params: { h } });
  assert(false, "the gpujs backend runs without gpu.js");
} catch (e) {
  assert(e instanceof LincError && e.code === "E0802" && /npm install gpu\.js/.test(e.message), "without gpu.js, the gpujs backend says which package to install");
}
try {
  const y = (await run(source, { backend: "onnx", inputs: { x }, params: { h } })).y.data;
  const e = Math.max(...want.map((w, i) => Math.abs(w - y[i])));
  assert(withOrt && e < 1e-4, "run on the onnx backend matches (max error " + e.toExponential(2) + ")");
} catch (e) {
  assert(!withOrt && e instanceof LincError && e.code === "E0802" && /ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node/.test(e.message), "without onnxruntime-node, the onnx backend says which package to install: " + e.message);
}
`;

// the library's typings, as a TypeScript app sees them (strict, nodenext, no skipLibCheck)
const TS_APP = String.raw`
import { check, compile, run, type Compiled, type Diagnostic, type HostArray } from "linc";
const ds: Diagnostic[] = await check("output y = 1\n");
const c: Compiled = await compile("input x: f32[4]\noutput y = dft(4) @ x\n", { target: "js", opset: 17 });
const text: string | undefined = c.text;
const x: HostArray = { dtype: "f32", shape: [4], data: new Float32Array(4) };
const out: Record<string, HostArray> = await run("input x: f32[4]\noutput y = x\n", { inputs: { x } });
export { ds, text, out };
`;

const ORT_TEST = String.raw`
import { readFileSync } from "node:fs";
import ort from "onnxruntime-node";
const { x, want } = JSON.parse(readFileSync("io.json", "utf8"));
const s = await ort.InferenceSession.create(readFileSync("conv.onnx"));
const out = await s.run({ [s.inputNames[0]]: new ort.Tensor("float32", Float32Array.from(x), [3, 64]) });
const y = out[s.outputNames[0]].data;
const err = Math.max(...want.map((w, i) => Math.abs(w - y[i])));
if (!(err < 1e-4)) { console.error("FAILED: onnxruntime-node runs the model, max error " + err); process.exit(1); }
console.log("  ok  onnxruntime-node runs the compiled model (max error " + err.toExponential(2) + ")");
`;

try {
  console.log(`linc package check in ${work}`);
  const tarball = pack();
  const app = join(work, "app");
  cpSync(join(root, "examples", "causal_conv.linc"), join(work, "conv-src.linc"));
  sh("mkdir", ["-p", app], work, "mkdir");
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "linc-user-app", private: true, type: "module" }, null, 2));
  // a small n keeps the app's runs quick; the spec is otherwise the example's
  writeFileSync(join(app, "conv.linc"), "const n = 64\ninput x: f32[batch, n]\nparam h: f32[n]\nT = toeplitz(h, zeros(n))\noutput y = T @ x\n");
  writeFileSync(join(app, "test.mjs"), APP_TEST);
  writeFileSync(join(app, "ort.mjs"), ORT_TEST);
  writeFileSync(join(app, "lib.mts"), TS_APP);
  const compilerOptions = { module: "nodenext", moduleResolution: "nodenext", target: "es2022", strict: true, noEmit: true, skipLibCheck: false, types: [] };
  writeFileSync(join(app, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["lib.mts"] }));
  sh("npm", ["install", "--no-audit", "--no-fund", tarball], app, "npm install <tarball>");
  const mods = readdirSync(join(app, "node_modules"));
  ok(!mods.includes("onnxruntime-node") && !mods.includes("gpu.js") && !mods.includes("binaryen"), `the optional runtimes are not installed (node_modules: ${mods.join(", ")})`);
  const light = duBytes(join(app, "node_modules"));
  process.stdout.write(sh(process.execPath, ["test.mjs"], app, "the library in the app"));
  sh(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", app], app, "tsc on a TypeScript app importing linc");
  ok(true, "a strict TypeScript app importing linc type-checks against the package's declarations");
  const checked = sh("npx", ["--no-install", "linc", "check", "conv.linc", join(work, "conv-src.linc")], app, "npx linc check");
  ok(/conv\.linc: ok/.test(checked) && /output y: f32\[batch, 64\]/.test(checked), "npx linc check prints the spec's interface");
  const compiled = sh("npx", ["--no-install", "linc", "compile", "conv.linc", "-t", "js", "-o", "cli/kernel.mjs"], app, "npx linc compile");
  ok(/kernel\.d\.mts/.test(compiled), "npx linc compile -t js writes kernel.mjs and kernel.d.mts");
  const model = sh("npx", ["--no-install", "linc", "compile", "conv.linc", "-t", "onnx", "--params-as-inputs", "-o", "cli/conv.onnx"], app, "npx linc compile -t onnx");
  ok(/conv\.onnx/.test(model) && statSync(join(app, "cli", "conv.onnx")).size > 100, "npx linc compile -t onnx writes a model without onnxruntime-node");
  const benched = sh("npx", ["--no-install", "linc", "bench", "conv.linc", "--runs", "3"], app, "npx linc bench (defaults)");
  ok(/^  onnx\s+skipped: .*ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node/m.test(benched) && /^  cpu\s+min /m.test(benched),
    "npx linc bench with its defaults skips the backends whose runtime is missing, with the command that installs it");
  sh("npm", ["install", "--no-audit", "--no-fund", "onnxruntime-node"], app, "npm install onnxruntime-node");
  const heavy = duBytes(join(app, "node_modules"));
  process.stdout.write(sh(process.execPath, ["ort.mjs"], app, "onnxruntime-node on the model"));
  process.stdout.write(sh(process.execPath, ["test.mjs", "with-ort"], app, "the library with onnxruntime-node"));
  figures.push(`app node_modules: ${mb(light)} without the optional runtimes, ${mb(heavy)} with onnxruntime-node (ONNXRUNTIME_NODE_INSTALL=skip)`);
  console.log(`\n${figures.join("\n")}\nlinc package check: ok`);
} catch (e) {
  console.error(`\nlinc package check FAILED: ${e.message}`);
  process.exitCode = 1;
} finally {
  if (!process.env.LINC_KEEP_APP) rmSync(work, { recursive: true, force: true });
}
