// Prepares the cross-checks that run on a machine with Python's onnxruntime and e3nn (check.py):
// every example compiled to ONNX (params bound, and again with params as graph inputs), random
// inputs and params, and the reference interpreter's outputs for them. Written to one JSON file
// (arrays as base64 little-endian bytes) plus the .onnx models:
//
//   npx tsx scripts/device-check/prep.ts OUTDIR       then, where Python has onnxruntime and e3nn:
//   python3 scripts/device-check/check.py OUTDIR
//
// The e3nn half of check.py needs nothing from here: it reads test/sphere/data/e3nn.json.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type HostArray, compile, parse, run } from "../../src/api/index.js";
import { randomArray as randomData } from "./data.mjs";

const randomArray = (dtype: string, shape: number[]) => randomData(dtype, shape) as HostArray;

const out = process.argv[2];
if (!out) throw new Error("usage: prep.ts OUTDIR");
mkdirSync(out, { recursive: true });

/** State-space params of a stable system: eigenvalues λ with Re λ < 0 (lam), A shifted by -3 I. */
function stable(name: string, a: HostArray): HostArray {
  const d = a.data as Float32Array | Float64Array, step = a.dtype.startsWith("c") ? 2 : 1;
  if (name === "lam") for (let i = 0; i < d.length; i += 2) d[i] = -Math.abs(d[i]) - 0.1;
  if (name === "A") for (let i = 0, n = a.shape[0]; i < n; i++) d[(i * n + i) * step] -= 3;
  return a;
}

const b64 = (a: HostArray) => Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).toString("base64");
const encode = (r: Record<string, HostArray>) =>
  Object.fromEntries(Object.entries(r).map(([k, a]) => [k, { dtype: a.dtype, shape: a.shape, data: b64(a) }]));

// Beside the examples: state-space kernels of run-time parameters, the models that serve many
// trained parameter sets (--params-as-inputs).
const EXTRA: Record<string, string> = {
  "ssm_runtime_A_bilinear.linc": "param A: f64[8, 8]\nparam B: f64[8]\nparam C: f64[8]\noutput k = ssm_kernel(A, B, C, 0.05, 300)\n",
  "ssm_runtime_A_zoh.linc": "param A: c128[6, 6]\nparam B: c128[6]\nparam C: c128[6]\noutput k = ssm_kernel(A, B, C, 0.1, 64, method=\"zoh\")\n",
  "dplr_runtime_dt.linc":
    "param lam: c128[16]\nparam P: c128[16, 2]\nparam B: c128[16]\nparam C: c128[16]\nparam log_dt: f64[1]\noutput K = dplr_kernel(lam, P, B, C, exp(log_dt), 6000)\n",
  "s4d_runtime_dt.linc": "param lam: c128[32]\nparam B: c128[32]\nparam C: c128[32]\nparam dt: f64[]\ninput u: f64[batch, 1024]\nK = s4d_kernel(lam, B, C, dt, 1024)\noutput y = toeplitz(K, zeros(1024)) @ u\n",
};
const cases: unknown[] = [];
const sources: [string, string][] = [
  ...readdirSync("examples").filter((f) => f.endsWith(".linc")).sort().map((f): [string, string] => [f, readFileSync(join("examples", f), "utf8")]),
  ...Object.entries(EXTRA),
];
for (const [file, source] of sources) {
  const p = await parse(source, { file });
  if (!p.ok) throw new Error(`${file}: ${p.diagnostics[0].message}`);
  const dim = (d: number | string) => (typeof d === "number" ? d : 3); // every symbolic dim: 3
  const inputs = Object.fromEntries(p.signature.inputs.map((a) => [a.name, randomArray(a.dtype, a.shape.map(dim))]));
  const params = Object.fromEntries(p.signature.params.map((a) => [a.name, stable(a.name, randomArray(a.dtype, a.shape.map(dim)))]));
  const name = file.replace(/\.linc$/, "");
  let expected: Record<string, HostArray>;
  try {
    expected = await run(source, { backend: "reference", inputs, params, file });
  } catch (e) {
    console.log(`${name}: reference refused (${(e as Error).message}); skipped`);
    continue;
  }
  for (const open of [false, true]) {
    if (open && !p.signature.params.length) continue;
    const tag = `${name}${open ? "-params-as-inputs" : ""}`;
    try {
      const model = await compile(source, { target: "onnx", file, ...(open ? { paramsAsInputs: true } : { params }) });
      writeFileSync(join(out, `${tag}.onnx`), model.bytes!);
      const feeds = open ? { ...inputs, ...params } : inputs;
      cases.push({ name: tag, model: `${tag}.onnx`, feeds: encode(feeds), expected: encode(expected) });
      console.log(`${tag}: ${model.bytes!.length} bytes`);
    } catch (e) {
      console.log(`${tag}: not compiled to onnx (${(e as Error).message})`);
    }
  }
}
// The tutorial's Python example (spec/tutorial.md, section (d)), verbatim, with the model its
// section (c) builds: smooth.linc with h[k] = exp(-k/16)/16 bound.
const tutorial = readFileSync("spec/tutorial.md", "utf8");
const heredoc = (file: string) => {
  const m = new RegExp(`cat > ${file.replace(".", "\\.")} <<'EOF'\\n([\\s\\S]*?)\\nEOF\\n`).exec(tutorial);
  if (!m) throw new Error(`spec/tutorial.md has no heredoc for ${file}`);
  return m[1] + "\n";
};
const h = new Float32Array(1024).map((_, k) => Math.exp(-k / 16) / 16);
const smooth = await compile(heredoc("smooth.linc"), { target: "onnx", params: { h: { dtype: "f32", shape: [1024], data: h } } });
writeFileSync(join(out, "smooth.onnx"), smooth.bytes!);
writeFileSync(join(out, "run_model.py"), heredoc("run_model.py"));
writeFileSync(join(out, "cases.json"), JSON.stringify({ cases }));
console.log(`${cases.length} models in ${out}`);
