// The linc playground: edit a spec (examples to start from, or the one in the URL hash), see
// diagnostics at their line and column, the graph before and after the passes (Graphviz,
// zoomable) and the generated code of each backend in tabs beside the spec, run it on GPU.js
// (WebGL2 / WebGPU / cpu) and on the cpu backend with timings side by side, and download the
// compiled artefacts (params unbound, or random params bound: a checkbox). Results of an older
// spec are greyed out; every failure is shown on the page. Bundled by
// scripts/serve-playground.mjs; `window.lincPlayground` is the hook the browser test drives.
// The timed run uses the gpujs and cpu kernels directly (timing.ts): it picks GPU.js's mode,
// reports the mode GPU.js ended up in, and times the first and the steady calls.
import examples from "linc-examples";
import type { GpujsMode } from "../../src/backends/gpujs/index.js";
import { checkSource, parseProgram } from "../../src/dsl/index.js";
import type { Diagnostic, HostArray, Program } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { type ArtifactChoice, artifactOf, compilingBackends, fileName } from "./artifacts.js";
import { randomBindings } from "./bindings.js";
import { TABS, type Tab, codeView } from "./codeview.js";
import { graphSvg, loadGraphviz, sanitizeSvg } from "./graph.js";
import { decodeSpec, writeHash } from "./share.js";
import { STEADY_RUNS, type Timing, runBoth } from "./timing.js";
import { type ZoomView, zoomView } from "./zoom.js";

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
/** The spec text the shown graphs/code and the shown run results were made from. */
let drawnSource: string | undefined, ranSource: string | undefined;

/** An HTML element with its text set by textContent (spec text, diagnostics and outputs are never parsed as markup). */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Show a failure on the page (never only in the console); `undefined` clears it. */
function showError(what: string | undefined): void {
  const box = $("error");
  box.textContent = what ?? "";
  box.hidden = what === undefined;
  if (what !== undefined) status("error");
}
/** A failure's text (a LincError's message already starts with error[CODE]). */
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Grey out whatever was made from another text than the editor's (or from a failed compile). */
function markStale(): void {
  const text = source.value;
  const drawnOk = !!program && drawnSource === text;
  for (const id of ["graph-before", "graph-after", ...TABS.filter((t) => t !== "graphs").map((t) => `panel-${t}`)]) $(id).classList.toggle("stale", !drawnOk && drawnSource !== undefined);
  $("run-results").classList.toggle("stale", ranSource !== undefined && !(drawnOk && ranSource === text));
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

/** Lay out both graphs; a failure is drawn in place of the picture and shown. */
function drawGraphs(p: Program, low: Program): { before: number; after: number } {
  const counts = [0, 0];
  [p, low].forEach((prog, i) => {
    try {
      const pic = graphSvg(prog);
      zooms[i].show(pic.element);
      counts[i] = pic.nodes;
    } catch (e) {
      zooms[i].show(el("p", `graph layout failed: ${message(e)}`, { class: "error" }));
      showError(`graph layout failed: ${message(e)}`);
    }
  });
  return { before: counts[0], after: counts[1] };
}

function compile(): { ok: boolean; diagnostics: string[]; nodesBefore: number; nodesAfter: number } {
  showError(undefined);
  diagnostics = checkSource(source.value, FILE);
  program = undefined;
  let counts = { before: 0, after: 0 };
  if (!diagnostics.length) {
    try {
      program = parseProgram(source.value, FILE);
      const low = lowerForBackend(program, { target: "gpujs" });
      counts = drawGraphs(program, low);
      drawnSource = source.value;
    } catch (e) {
      const err = e as { diagnostics?: Diagnostic[]; code?: string; message: string };
      diagnostics = err.diagnostics ?? [{ code: (err.code ?? "E0801") as Diagnostic["code"], message: err.message } as Diagnostic];
      program = undefined;
    }
  }
  paintDiagnostics();
  writeHash(source.value);
  $("downloads").querySelectorAll("button").forEach((b) => (b.disabled = !program));
  $<HTMLButtonElement>("run").disabled = !program;
  if (program) code.refresh();
  markStale();
  if ($("error").hidden) status(program ? "compiled" : `${diagnostics.length} diagnostic(s)`);
  return { ok: !!program, diagnostics: diagnostics.map((d) => `${d.loc?.line}:${d.loc?.col} ${d.code} ${d.message}`), nodesBefore: counts.before, nodesAfter: counts.after };
}

const maxRel = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let e = 0, s = 1;
  for (let i = 0; i < b.length; i++) (e = Math.max(e, Math.abs(a[i] - b[i]))), (s = Math.max(s, Math.abs(b[i])));
  return a.length === b.length ? e / s : Infinity;
};

function showRun(p: Program, r: Awaited<ReturnType<typeof runBoth>>, diff: number): void {
  const ms = (x: number) => `${x.toFixed(2)} ms`;
  const row = (name: string, t: Timing, d: string) => {
    const tr = el("tr");
    tr.append(...[name, ms(t.first), ms(t.median), `${ms(t.min)} – ${ms(t.max)}`, d].map((x) => el("td", x)));
    return tr;
  };
  $("results").querySelector("tbody")!.replaceChildren(row(`gpujs (${r.mode})`, r.gpujsTiming, diff.toExponential(2)), row("cpu (generated JS)", r.cpuTiming, "—"));
  $("outputs").textContent = p.outputs.map((o) => `${o.name}: [${Array.from(r.gpujs[o.name]).slice(0, 8).map((v) => v.toPrecision(5)).join(", ")}, …]`).join("\n");
}

/** `summary`: leave the arrays out of the result (for large batches, where only the difference is wanted); `runs`: steady runs. */
async function run(opts: { batch?: number; seed?: number; mode?: GpujsMode; maxLaunch?: number; summary?: boolean; runs?: number } = {}) {
  if (!program && !compile().ok) throw new Error("the spec does not compile");
  const p = program!, text = source.value;
  const batch = opts.batch ?? Number($<HTMLInputElement>("batch").value);
  const mode = opts.mode ?? ($<HTMLSelectElement>("mode").value as GpujsMode);
  const bind = randomBindings(p, batch, opts.seed ?? 1);
  const params = Object.fromEntries(p.params.map((d) => [d.name, bind[d.name]]));
  const inputs = Object.fromEntries(p.inputs.map((d) => [d.name, bind[d.name].data]));
  showError(undefined);
  let r: Awaited<ReturnType<typeof runBoth>>;
  try {
    r = await runBoth(p, params, inputs, { mode, maxLaunch: opts.maxLaunch, runs: opts.runs }, status);
  } catch (e) {
    markStale();
    $("run-results").classList.add("stale");
    showError(`run failed: ${message(e)}`);
    throw e;
  }
  const diff = Math.max(...p.outputs.map((o) => maxRel(r.gpujs[o.name], r.cpu[o.name])));
  showRun(p, r, diff);
  ranSource = text;
  markStale();
  status(`done (${r.mode})`);
  const plain = (x: ArrayLike<number | bigint>) => Array.from(x, Number);
  if (opts.summary) return { mode: r.mode, batch, maxRelDiffVsCpu: diff, lengths: Object.fromEntries(Object.entries(r.gpujs).map(([k, v]) => [k, v.length])) };
  return {
    mode: r.mode,
    batch,
    bindings: Object.fromEntries(Object.entries(bind).map(([k, h]: [string, HostArray]) => [k, { dtype: h.dtype, shape: h.shape, data: plain(h.data) }])),
    gpujs: Object.fromEntries(Object.entries(r.gpujs).map(([k, v]) => [k, plain(v)])),
    cpu: Object.fromEntries(Object.entries(r.cpu).map(([k, v]) => [k, plain(v)])),
    timings: { gpujs: r.gpujsTiming, cpu: r.cpuTiming, steadyRuns: STEADY_RUNS },
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

/** The example selector names the example only while the editor holds its text. */
function syncExample(): void {
  const sel = $<HTMLSelectElement>("example");
  if (examples[sel.value] !== source.value) sel.value = Object.keys(examples).find((n) => examples[n] === source.value) ?? "";
}

function setSource(text: string) {
  source.value = text;
  syncExample();
  return compile();
}

function load(name: string) {
  $<HTMLSelectElement>("example").value = name;
  return setSource(examples[name] ?? "");
}

// ---- wiring --------------------------------------------------------------------------------
const graphviz = await loadGraphviz();
const zooms: ZoomView[] = [zoomView($("graph-before")), zoomView($("graph-after"))];
const backends = await compilingBackends();
const choice = (): ArtifactChoice => ({ paramsAsInputs: $<HTMLInputElement>("params-as-inputs").checked, batch: Number($<HTMLInputElement>("batch").value), seed: 1 });
const panels = Object.fromEntries(TABS.map((t) => [t, $(`panel-${t}`)])) as Record<Tab, HTMLElement>;
const code = codeView({ tabs: $("tabs"), panels, program: () => program, choice, backends, onShow: (t) => t === "graphs" && zooms.forEach((z) => z.fit()) });
code.show("graphs");

const exSel = $<HTMLSelectElement>("example");
exSel.add(new Option("(edited)", ""));
exSel.options[0].disabled = true;
for (const name of Object.keys(examples)) exSel.add(new Option(name, name));
exSel.onchange = () => load(exSel.value);
const modeSel = $<HTMLSelectElement>("mode");
for (const m of ["webgl2", "webgl", ...("gpu" in navigator ? ["webgpu"] : []), "cpu"]) modeSel.add(new Option(m, m));
$("steady-head").textContent = `steady run (median of ${STEADY_RUNS})`;
$("compile").onclick = () => compile();
$("run").onclick = () => void run().catch(() => undefined); // run() has shown the failure
$("share").onclick = () => {
  writeHash(source.value);
  navigator.clipboard?.writeText(location.href).then(() => status("link copied"), () => status("link in the address bar"));
};
$("params-as-inputs").onchange = () => program && code.refresh();
let timer: ReturnType<typeof setTimeout> | undefined;
source.oninput = () => {
  clearTimeout(timer);
  timer = setTimeout(compile, 300);
  markStale();
  syncExample();
  paintDiagnostics();
};
source.onscroll = () => ((backdrop.scrollTop = source.scrollTop), (backdrop.scrollLeft = source.scrollLeft));

// one download button per backend that compiles; a failure is shown, never swallowed
for (const b of backends) {
  const button = el("button", `download ${b.name}`, { id: `dl-${b.name}`, title: b.doc });
  button.disabled = true;
  button.onclick = () => {
    if (!program) return;
    showError(undefined);
    try {
      const art = artifactOf(b, program, choice());
      download(fileName(b, art.ext), art.bytes ?? art.text ?? "", art.bytes ? "application/octet-stream" : "text/javascript");
      status(`downloaded ${fileName(b, art.ext)}`);
    } catch (e) {
      showError(`download ${b.name} failed: ${message(e)}`);
    }
  };
  $("downloads").appendChild(button);
}

window.addEventListener("hashchange", () => {
  const spec = decodeSpec(location.hash);
  if (spec !== undefined && spec !== source.value) setSource(spec);
});
const shared = decodeSpec(location.hash);
if (shared !== undefined) setSource(shared);
else load(examples.spectral_filter ? "spectral_filter" : Object.keys(examples)[0]);

(window as unknown as { lincPlayground: unknown }).lincPlayground = {
  examples: Object.keys(examples),
  graphviz,
  steadyRuns: STEADY_RUNS,
  load,
  compile,
  run,
  setSource,
  /** Show a tab; returns the text it holds (the code, or the error in its place). */
  showTab: (t: Tab) => (code.show(t), code.text()),
  setParamsAsInputs: (on: boolean) => {
    $<HTMLInputElement>("params-as-inputs").checked = on;
    if (program) code.refresh();
  },
  zoom: (i: number, z?: number) => (z !== undefined && zooms[i].setZoom(z), zooms[i].zoom()),
  /** The sanitised copy graph.ts makes of Graphviz's SVG, as markup (the XSS test feeds it hostile SVG). */
  sanitizeSvg: (text: string) => sanitizeSvg(text)?.outerHTML ?? "",
  moduleSizes: () =>
    program && Object.fromEntries(backends.map((b) => {
      const art = artifactOf(b, program!, choice());
      return [b.name, art.bytes?.length ?? art.text?.length ?? 0];
    })),
};
