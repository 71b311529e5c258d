// The linc playground: edit a spec (examples to start from, or the one in the URL hash), see
// diagnostics at their line and column, the graph before and after the passes (Graphviz,
// zoomable) and the generated code of each backend in tabs beside the spec, run it on GPU.js
// (WebGL2 / WebGPU / cpu) and on the cpu backend with timings side by side, and download the
// compiled artefacts (params unbound, or random params bound: a checkbox). Results of an older
// spec are greyed out; every failure is shown on the page. Bundled by
// scripts/serve-playground.mjs; `window.lincPlayground` is the hook the browser test drives.
// The spec is checked, and the artefacts (downloads, code tabs) compiled, by the library API
// (src/api: parse, compile, compileTargets), as the command line does. Only what the API has no
// equivalent of uses the internals: the timed run uses the gpujs and cpu kernels directly
// (timing.ts: it picks GPU.js's mode, reports the mode GPU.js ended up in, and times the first
// and the steady calls of one kernel), the graphs draw the IR as written and lowered
// (lowerForBackend, then the IR's DOT: graph.ts), and the IR tab prints the IR (codeview.ts).
import examples from "linc-examples";
import { type Diagnostic, parse } from "../../src/api/index.js";
import type { GpujsMode } from "../../src/backends/gpujs/index.js";
import type { HostArray, Program } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { type ArtifactChoice, artifactOf, downloadFiles, pageTargets } from "./artifacts.js";
import { randomBindings } from "./bindings.js";
import { TABS, type Tab, codeView } from "./codeview.js";
import { graphSvg, loadGraphviz, sanitizeSvg } from "./graph.js";
import { decodeSpec, writeHash } from "./share.js";
import { STEADY_RUNS, type Timing, runBoth } from "./timing.js";
import { type ZoomView, zoomView } from "./zoom.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const source = $<HTMLTextAreaElement>("source"), backdrop = $<HTMLPreElement>("backdrop");
const status = (s: string) => ($("status").textContent = s);
const FILE = "playground.linc";

/** A diagnostic as the page shows it: the API's (at its position), or a failure after the checks (none). */
type Shown = { code: string; message: string; at?: Pick<Diagnostic, "line" | "col" | "length"> };
const shown = (d: Diagnostic): Shown => ({ code: d.code, message: d.message, at: { line: d.line, col: d.col, length: d.length } });

let program: Program | undefined;
let diagnostics: Shown[] = [];
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
    .flatMap((d) => (d.at ? [{ ...d, at: d.at }] : []))
    .map((d) => {
      const start = Math.min(text.length, offsetOf(d.at.line, d.at.col));
      return { start, end: Math.min(text.length, start + Math.max(1, d.at.length)), msg: `${d.code}: ${d.message}` };
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
    li.textContent = `${d.at ? `${d.at.line}:${d.at.col}: ` : ""}error[${d.code}]: ${d.message}`;
    li.onclick = () => {
      if (!d.at) return;
      const start = offsetOf(d.at.line, d.at.col);
      source.focus();
      source.setSelectionRange(start, start + d.at.length);
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

type Compiled = { ok: boolean; diagnostics: string[]; nodesBefore: number; nodesAfter: number };
/** The latest compile (a run waits for it); an older one that ends later gives way to it. */
let compiling: Promise<Compiled> | undefined, compiles = 0;

function compile(): Promise<Compiled> {
  const n = ++compiles;
  const p = compileNow(n);
  compiling = p;
  return p;
}

/** Check the editor's text with the API (diagnostics as data), then draw the graphs. */
async function compileNow(n: number): Promise<Compiled> {
  const text = source.value;
  const parsed = await parse(text, { file: FILE });
  if (n !== compiles) return compiling!; // the text changed meanwhile: the newer compile answers
  showError(undefined);
  diagnostics = parsed.diagnostics.map(shown);
  program = undefined;
  let counts = { before: 0, after: 0 };
  if (parsed.ok) {
    try {
      program = parsed.program;
      const low = lowerForBackend(program, { target: "gpujs" });
      counts = drawGraphs(program, low);
      drawnSource = text;
    } catch (e) {
      const err = e as { code?: string; message: string }; // a LincError of the lowering (no position)
      diagnostics = [{ code: err.code ?? "E0801", message: err.message }];
      program = undefined;
    }
  }
  paintDiagnostics();
  writeHash(text);
  $("downloads").querySelectorAll("button").forEach((b) => (b.disabled = !program));
  $<HTMLButtonElement>("run").disabled = !program;
  markStale();
  if (program) await code.refresh();
  if ($("error").hidden) status(program ? "compiled" : `${diagnostics.length} diagnostic(s)`);
  return { ok: !!program, diagnostics: diagnostics.map((d) => `${d.at?.line}:${d.at?.col} ${d.code} ${d.message}`), nodesBefore: counts.before, nodesAfter: counts.after };
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
  const c = compiling && (await compiling); // a compile under way (an edit, setSource not awaited) ends first
  if (!program && !(c?.ok || (await compile()).ok)) throw new Error("the spec does not compile");
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
const targets = await pageTargets();
const choice = (): ArtifactChoice => ({ paramsAsInputs: $<HTMLInputElement>("params-as-inputs").checked, batch: Number($<HTMLInputElement>("batch").value), seed: 1 });
const panels = Object.fromEntries(TABS.map((t) => [t, $(`panel-${t}`)])) as Record<Tab, HTMLElement>;
const code = codeView({ tabs: $("tabs"), panels, program: () => program, choice, targets, onShow: (t) => t === "graphs" && zooms.forEach((z) => z.fit()) });
void code.show("graphs");

const exSel = $<HTMLSelectElement>("example");
exSel.add(new Option("(edited)", ""));
exSel.options[0].disabled = true;
for (const name of Object.keys(examples)) exSel.add(new Option(name, name));
exSel.onchange = () => load(exSel.value);
const modeSel = $<HTMLSelectElement>("mode");
for (const m of ["webgl2", "webgl", ...("gpu" in navigator ? ["webgpu"] : []), "cpu"]) modeSel.add(new Option(m, m));
$("steady-head").textContent = `steady run (median of ${STEADY_RUNS})`;
$("compile").onclick = () => void compile();
$("run").onclick = () => void run().catch(() => undefined); // run() has shown the failure
$("share").onclick = () => {
  writeHash(source.value);
  navigator.clipboard?.writeText(location.href).then(() => status("link copied"), () => status("link in the address bar"));
};
$("params-as-inputs").onchange = () => void (program && code.refresh());
let timer: ReturnType<typeof setTimeout> | undefined;
source.oninput = () => {
  clearTimeout(timer);
  timer = setTimeout(compile, 300);
  markStale();
  syncExample();
  paintDiagnostics();
};
source.onscroll = () => ((backdrop.scrollTop = source.scrollTop), (backdrop.scrollLeft = source.scrollLeft));

// one download button per compile target of the API; a failure is shown, never swallowed
for (const t of targets) {
  const button = el("button", `download ${t}`, { id: `dl-${t}`, title: `the artefact of compile(spec, { target: "${t}" })` });
  button.disabled = true;
  button.onclick = async () => {
    if (!program) return;
    showError(undefined);
    try {
      const files = await downloadFiles(t, program, choice());
      for (const [file, data] of files) download(file, data, typeof data === "string" ? "text/javascript" : "application/octet-stream");
      status(`downloaded ${files.map(([file]) => file).join(" and ")}`);
    } catch (e) {
      showError(`download ${t} failed: ${message(e)}`);
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
  showTab: async (t: Tab) => (await code.show(t), code.text()),
  setParamsAsInputs: async (on: boolean) => {
    $<HTMLInputElement>("params-as-inputs").checked = on;
    if (program) await code.refresh();
  },
  zoom: (i: number, z?: number) => (z !== undefined && zooms[i].setZoom(z), zooms[i].zoom()),
  /** The sanitised copy graph.ts makes of Graphviz's SVG, as markup (the XSS test feeds it hostile SVG). */
  sanitizeSvg: (text: string) => sanitizeSvg(text)?.outerHTML ?? "",
  moduleSizes: async () => {
    const p = program;
    if (!p) return undefined;
    const arts = await Promise.all(targets.map((t) => artifactOf(t, p, choice())));
    return Object.fromEntries(arts.map((a) => [a.backend, a.bytes?.length ?? a.text?.length ?? 0]));
  },
};
