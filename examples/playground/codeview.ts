// The code pane beside the spec (as Compiler Explorer shows it): one tab per view, the graphs
// (as written and lowered, laid out by Graphviz), the generated module of each backend that
// compiles (js = the cpu backend's module, gpujs's module), a summary of the ONNX model, and the
// lowered IR for a chosen target. Views are built when their tab is shown and kept until the
// program changes; a view that fails shows the error in place of the code.
import type { Backend } from "../../src/backends/index.js";
import { type Program, TARGETS, type Target } from "../../src/ir/index.js";
import { printProgram } from "../../src/ir/printer.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { type ArtifactChoice, artifactOf } from "./artifacts.js";
import { onnxSummary } from "./onnx-summary.js";

export const TABS = ["graphs", "js", "gpujs", "onnx", "ir"] as const;
export type Tab = (typeof TABS)[number];
const TITLES: Record<Tab, string> = { graphs: "graphs", js: "js (cpu)", gpujs: "gpujs", onnx: "ONNX", ir: "lowered IR" };
/** Which registry backend each code tab shows. */
const BACKEND_OF: Partial<Record<Tab, Target>> = { js: "cpu", gpujs: "gpujs", onnx: "onnx" };

export interface CodeView {
  show(tab: Tab): void;
  current(): Tab;
  /** Drop the built views (the program or the params choice changed) and rebuild the shown one. */
  refresh(): void;
  /** The text the shown code tab holds (empty on the graphs tab). */
  text(): string;
}

/** The text of a code tab for `p` (throws what the backend throws). */
function viewText(tab: Tab, p: Program, backends: Backend[], choice: ArtifactChoice, irTarget: Target): string {
  if (tab === "ir") return irTarget === "reference" ? printProgram(p) : printProgram(lowerForBackend(p, { target: irTarget }));
  const b = backends.find((x) => x.name === BACKEND_OF[tab]);
  if (!b) throw new Error(`no ${tab} backend`);
  const art = artifactOf(b, p, choice);
  return art.bytes ? onnxSummary(art.bytes) : (art.text ?? "");
}

export function codeView(opts: { tabs: HTMLElement; panels: Record<Tab, HTMLElement>; program: () => Program | undefined; choice: () => ArtifactChoice; backends: Backend[]; onShow?: (tab: Tab) => void }): CodeView {
  let shown: Tab = "graphs";
  const built = new Map<string, string>();
  const irSel = document.createElement("select");
  irSel.id = "ir-target";
  for (const t of TARGETS) irSel.add(new Option(t === "reference" ? "as written (before the passes)" : `lowered for ${t}`, t));
  irSel.value = "cpu";
  const buttons = new Map<Tab, HTMLButtonElement>();
  for (const t of TABS) {
    const b = document.createElement("button");
    b.type = "button";
    b.id = `tab-${t}`;
    b.setAttribute("role", "tab");
    b.textContent = TITLES[t];
    b.onclick = () => view.show(t);
    buttons.set(t, b);
    opts.tabs.appendChild(b);
  }
  opts.tabs.appendChild(irSel);
  irSel.onchange = () => view.show("ir");

  function fill(tab: Tab): void {
    const p = opts.program();
    const pre = opts.panels[tab];
    if (tab === "graphs" || !p) return;
    const key = `${tab} ${tab === "ir" ? irSel.value : ""}`;
    let text = built.get(key), failed = false;
    if (text === undefined) {
      try {
        text = viewText(tab, p, opts.backends, opts.choice(), irSel.value as Target);
        built.set(key, text);
      } catch (e) {
        failed = true;
        text = `error: ${(e as Error).message}`;
      }
    }
    pre.textContent = text;
    pre.classList.toggle("error", failed);
    pre.classList.remove("stale");
  }

  const view: CodeView = {
    show(tab) {
      shown = tab;
      for (const [t, b] of buttons) b.setAttribute("aria-selected", String(t === tab));
      for (const t of TABS) opts.panels[t].hidden = t !== tab;
      irSel.hidden = tab !== "ir";
      fill(tab);
      opts.onShow?.(tab);
    },
    current: () => shown,
    refresh() {
      built.clear();
      view.show(shown);
    },
    text: () => (shown === "graphs" ? "" : (opts.panels[shown].textContent ?? "")),
  };
  return view;
}
