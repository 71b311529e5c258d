// The linc playground: edit a spec (examples to start from), see diagnostics at their line and
// column, the graph before and after the passes, run it on GPU.js (WebGL2 / WebGPU / cpu) and on
// the cpu backend with timings side by side, and download the compiled artefacts. Bundled by
// scripts/serve-playground.mjs; `window.lincPlayground` is the hook the browser test drives.
// The download buttons are the registry's backends that compile (src/backends/index.ts). The
// timed run uses the gpujs and cpu kernels directly: it picks GPU.js's mode, reports the mode
// GPU.js ended up in, and times the first and the steady call, which `Backend.run` does not expose.
import examples from "linc-examples";
import { BACKENDS, BACKEND_NAMES, type Backend, type CompileOptions } from "../../src/backends/index.js";
import { compileCpu } from "../../src/backends/cpu/index.js";
import { compileGpujs, type GpujsMode } from "../../src/backends/gpujs/index.js";
import { checkSource, parseProgram } from "../../src/dsl/index.js";
import { type Diagnostic, type HostArray, type Program, type TensorType, allocHost } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { graphSvg } from "./graph.js";

// the cpu backend writes large tables as base64 through Buffer; give the browser the one call it makes
const g = globalThis as { Buffer?: unknown };
g.Buffer ??= {
  from: (buf: ArrayBuffer) => ({
    toString: () => {
      const b = new Uint8Array(buf);
      let s = "";
      for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
      return btoa(s);
    },
  }),
};

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const source = $<HTMLTextAreaElement>("source"), backdrop = $<HTMLPreElement>("backdrop");
const status = (s: string) => ($("status").textContent = s);
const FILE = "playground.linc";

let program: Program | undefined;
let diagnostics: Diagnostic[] = [];

/** An HTML element with its text set by textContent (spec text, diagnostics and outputs are never parsed as markup). */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The backdrop: the same text, transparent, with each diagnostic's span marked. */
function paintDiagnostics(): void {
  const text = source.value;
  const lines = text.split("\n");
  const offsetOf = (line: number, col: number) => lines.slice(0, line - 1).reduce((a, l) => a + l.length + 1, 0) + col - 1;
  const spans = diagnostics
    .filter((d) => d.loc)
    .map((d) => {
      const start = Math.min(text.length, offsetOf(d.loc!.line, d.loc!.col));
      return { start, end: Math.min(text.length, start + Math.max(1, d.loc!.length ?? 1)), msg: `${d.code}: ${d.message}` };
    })
    .sort((a, b) => a.start - b.start);
  const parts: (string | Node)[] = [];
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    parts.push(text.slice(at, s.start), el("mark", text.slice(s.start, s.end) || " ", { title: s.msg }));
    at = s.end;
  }
  backdrop.replaceChildren(...parts, text.slice(at) + "\n"); // strings become text nodes
  backdrop.scrollTop = source.scrollTop;
  backdrop.scrollLeft = source.scrollLeft;
  const list = $("diagnostics");
  list.replaceChildren();
  if (!diagnostics.length) list.appendChild(el("li", "no diagnostics", { class: "ok" }));
  for (const d of diagnostics) {
    const li = document.createElement("li");
    li.textContent = `${d.loc ? `${d.loc.line}:${d.loc.col}: ` : ""}error[${d.code}]: ${d.message}`;
    li.onclick = () => {
      if (!d.loc) return;
      const start = offsetOf(d.loc.line, d.loc.col);
      source.focus();
      source.setSelectionRange(start, start + (d.loc.length ?? 1));
    };
    list.appendChild(li);
  }
}

function compile(): { ok: boolean; diagnostics: string[]; nodesBefore: number; nodesAfter: number } {
  diagnostics = checkSource(source.value, FILE);
  program = undefined;
  let before = 0, after = 0;
  if (!diagnostics.length) {
    try {
      program = parseProgram(source.value, FILE);
      const low = lowerForBackend(program, { target: "gpujs" });
      $("graph-before").replaceChildren(graphSvg(program));
      $("graph-after").replaceChildren(graphSvg(low));
      before = $("graph-before").querySelectorAll("g.node").length;
      after = $("graph-after").querySelectorAll("g.node").length;
    } catch (e) {
      const err = e as { diagnostics?: Diagnostic[]; code?: string; message: string };
      diagnostics = err.diagnostics ?? [{ code: (err.code ?? "E0801") as Diagnostic["code"], message: err.message } as Diagnostic];
      program = undefined;
    }
  }
  paintDiagnostics();
  $("downloads").querySelectorAll("button").forEach((b) => (b.disabled = !program));
  status(program ? "compiled" : `${diagnostics.length} diagnostic(s)`);
  return { ok: !!program, diagnostics: diagnostics.map((d) => `${d.loc?.line}:${d.loc?.col} ${d.code} ${d.message}`), nodesBefore: before, nodesAfter: after };
}

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

/** Random inputs and params for the program (symbolic dims = batch), index data as 0..n-1. */
function randomBindings(p: Program, batch: number, seed: number): Record<string, HostArray> {
  const r = rng(seed);
  const out: Record<string, HostArray> = {};
  for (const d of [...p.inputs, ...p.params]) {
    const t = d.node.type as TensorType;
    const h = allocHost(t.dtype, t.shape.map((x) => (typeof x === "number" ? x : batch)));
    if (t.dtype === "i64") (h.data as BigInt64Array).forEach((_, i, a) => (a[i] = BigInt(i % (h.shape.at(-1) ?? 1))));
    else for (let i = 0; i < h.data.length; i++) (h.data as Float64Array)[i] = r();
    out[d.name] = h;
  }
  return out;
}

const maxRel = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let e = 0, s = 1;
  for (let i = 0; i < b.length; i++) (e = Math.max(e, Math.abs(a[i] - b[i]))), (s = Math.max(s, Math.abs(b[i])));
  return a.length === b.length ? e / s : Infinity;
};

/** `summary`: leave the arrays out of the result (for large batches, where only the difference is wanted). */
async function run(opts: { batch?: number; seed?: number; mode?: GpujsMode; maxLaunch?: number; summary?: boolean } = {}) {
  if (!program && !compile().ok) throw new Error("the spec does not compile");
  const p = program!;
  const batch = opts.batch ?? Number($<HTMLInputElement>("batch").value);
  const mode = opts.mode ?? ($<HTMLSelectElement>("mode").value as GpujsMode);
  const bind = randomBindings(p, batch, opts.seed ?? 1);
  const params = Object.fromEntries(p.params.map((d) => [d.name, bind[d.name]]));
  const inputs = Object.fromEntries(p.inputs.map((d) => [d.name, bind[d.name].data]));
  status(`running on GPU.js (${mode})…`);
  const gk = await compileGpujs(lowerForBackend(p, { target: "gpujs" })).createKernel(params, { mode, maxLaunch: opts.maxLaunch });
  let t0 = performance.now();
  const gpujs = await gk.run(inputs);
  const gFirst = performance.now() - t0;
  t0 = performance.now();
  await gk.run(inputs);
  const gSteady = performance.now() - t0;
  const usedMode = gk.mode;
  gk.destroy();
  status("running on the cpu backend…");
  t0 = performance.now();
  const ck = compileCpu(lowerForBackend(p, { target: "cpu" })).createKernel(params);
  const cpu = ck.run(inputs);
  const cFirst = performance.now() - t0;
  t0 = performance.now();
  ck.run(inputs);
  const cSteady = performance.now() - t0;
  const diff = Math.max(...p.outputs.map((o) => maxRel(gpujs[o.name] as Float32Array, cpu[o.name] as Float32Array)));
  const row = (name: string, a: number, b: number, d: string) => {
    const tr = el("tr");
    tr.append(...[name, `${a.toFixed(1)} ms`, `${b.toFixed(1)} ms`, d].map((t) => el("td", t)));
    return tr;
  };
  $("results").querySelector("tbody")!.replaceChildren(
    row(`gpujs (${usedMode})`, gFirst, gSteady, diff.toExponential(2)), row("cpu (generated JS)", cFirst, cSteady, "—"));
  $("outputs").textContent = p.outputs.map((o) => `${o.name}: [${Array.from(gpujs[o.name] as Float32Array).slice(0, 8).map((v) => v.toPrecision(5)).join(", ")}, …]`).join("\n");
  status(`done (${usedMode})`);
  const plain = (x: ArrayLike<number | bigint>) => Array.from(x, Number);
  if (opts.summary) return { mode: usedMode, batch, maxRelDiffVsCpu: diff, lengths: Object.fromEntries(Object.entries(gpujs).map(([k, v]) => [k, v.length])) };
  return {
    mode: usedMode,
    batch,
    bindings: Object.fromEntries(Object.entries(bind).map(([k, h]) => [k, { dtype: h.dtype, shape: h.shape, data: plain(h.data) }])),
    gpujs: Object.fromEntries(Object.entries(gpujs).map(([k, v]) => [k, plain(v)])),
    cpu: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, plain(v)])),
    timings: { gpujsFirst: gFirst, gpujsSteady: gSteady, cpuFirst: cFirst, cpuSteady: cSteady },
    maxRelDiffVsCpu: diff,
  };
}

function download(name: string, data: string | Uint8Array, type: string): void {
  const url = URL.createObjectURL(new Blob([data as BlobPart], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function load(name: string): void {
  source.value = examples[name] ?? "";
  $<HTMLSelectElement>("example").value = name;
  compile();
}

// ---- wiring --------------------------------------------------------------------------------
const exSel = $<HTMLSelectElement>("example");
for (const name of Object.keys(examples)) exSel.add(new Option(name, name));
exSel.onchange = () => load(exSel.value);
const modeSel = $<HTMLSelectElement>("mode");
for (const m of ["webgl2", "webgl", ...("gpu" in navigator ? ["webgpu"] : []), "cpu"]) modeSel.add(new Option(m, m));
$("compile").onclick = () => compile();
$("run").onclick = () => run().catch((e) => status(`error: ${(e as Error).message}`));
let timer: ReturnType<typeof setTimeout> | undefined;
source.oninput = () => {
  clearTimeout(timer);
  timer = setTimeout(compile, 300);
  paintDiagnostics();
};
source.onscroll = () => ((backdrop.scrollTop = source.scrollTop), (backdrop.scrollLeft = source.scrollLeft));

/** The compiled artefact of a backend for the current program (unbound params stay inputs). */
const ARTIFACT_OPTIONS: CompileOptions & Record<string, unknown> = { paramsAsInputs: true }; // read by onnx; ignored by the module backends
const artifact = (b: Backend, p: Program) => b.compile!(lowerForBackend(p, { target: b.target }), ARTIFACT_OPTIONS);

/** `kernel.gpujs.mjs`, `kernel.cpu.mjs`, `kernel.onnx`: the backend's name unless the extension says it. */
const fileName = (b: Backend, ext: string) => (ext === `.${b.name}` ? `kernel${ext}` : `kernel.${b.name}${ext}`);

// one download button per backend that compiles
const compiling = (await Promise.all(BACKEND_NAMES.map((n) => BACKENDS[n]()))).filter((b) => b.compile);
for (const b of compiling) {
  const button = document.createElement("button");
  button.id = `dl-${b.name}`;
  button.disabled = true;
  button.title = b.doc;
  button.textContent = `download ${b.name}`;
  button.onclick = () => {
    if (!program) return;
    const art = artifact(b, program);
    download(fileName(b, art.ext), art.bytes ?? art.text ?? "", art.bytes ? "application/octet-stream" : "text/javascript");
  };
  $("downloads").appendChild(button);
}

load(examples.spectral_filter ? "spectral_filter" : Object.keys(examples)[0]);

(window as unknown as { lincPlayground: unknown }).lincPlayground = {
  examples: Object.keys(examples),
  load,
  compile,
  run,
  setSource: (s: string) => {
    source.value = s;
    return compile();
  },
  moduleSizes: () =>
    program && Object.fromEntries(compiling.map((b) => {
      const art = artifact(b, program!);
      return [b.name, art.bytes?.length ?? art.text?.length ?? 0];
    })),
};
