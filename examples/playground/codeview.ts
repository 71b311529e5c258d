// The code pane beside the spec (as Compiler Explorer shows it): one tab per view, the graphs
// (as written and lowered, laid out by Graphviz), the generated module of each backend that
// compiles (js = the cpu backend's module, gpujs's module), a summary of the ONNX model, and the
// lowered IR for a chosen target. Views are built when their tab is shown and kept until the
// program changes; a view that fails shows the error in place of the code. The modules and the
// model come from the library API (artifacts.ts), and so does the lowered IR tab's account of the
// passes and plans (explain); the IR itself is printed here (the API gives no Program lowered for
// a target, nor the IR before the passes).
import { type Explanation, explain } from "../../src/api/index.js";
import { type Program, TARGETS, type Target } from "../../src/ir/index.js";
import { printProgram } from "../../src/ir/printer.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { type ArtifactChoice, artifactOf } from "./artifacts.js";
import { onnxSummary } from "./onnx-summary.js";

export const TABS = ["graphs", "js", "gpujs", "onnx", "ir"] as const;
export type Tab = (typeof TABS)[number];
const TITLES: Record<Tab, string> = { graphs: "graphs", js: "js (cpu)", gpujs: "gpujs", onnx: "ONNX", ir: "lowered IR" };
/** Which compile target of the API each code tab shows. */
const TARGET_OF: Partial<Record<Tab, string>> = { js: "js", gpujs: "gpujs", onnx: "onnx" };

export interface CodeView {
  /** Show a tab; resolves once its view is built (or its error shown). */
  show(tab: Tab): Promise<void>;
  current(): Tab;
  /** Drop the built views (the program or the params choice changed) and rebuild the shown one. */
  refresh(): Promise<void>;
  /** The text the shown code tab holds (empty on the graphs tab). */
  text(): string;
}

/** The text of a code tab for `p` (throws what the backend throws). */
/** `linc explain`'s account as IR comments: each pass's rules and cost before and after, then the plans. */
function explainText(e: Explanation): string {
  const cost = (c: Explanation["passes"][number]["before"]) => `${c.nodes} nodes, ${c.flops} flops, ${c.bytes} bytes`;
  return [
    `# the passes for ${e.target} (explain; flops and bytes per batch row):`,
    ...e.passes.map((p) => `#   ${p.name}: ${cost(p.before)} -> ${cost(p.after)}${p.rules.length ? `; ${p.rules.map((r) => `${r.rule} ×${r.count}`).join(", ")}` : ""}`),
    ...(e.plans.length ? ["# plans:", ...e.plans.map((l) => `#   ${l}`)] : []),
    "",
  ].join("\n");
}

async function viewText(tab: Tab, p: Program, targets: string[], choice: ArtifactChoice, irTarget: Target): Promise<string> {
  if (tab === "ir") return irTarget === "reference" ? printProgram(p) : `${printProgram(lowerForBackend(p, { target: irTarget }))}\n${explainText(await explain(p, { target: irTarget }))}`;
  const target = TARGET_OF[tab];
  if (!target || !targets.includes(target)) throw new Error(`no ${tab} target in this page`);
  const art = await artifactOf(target, p, choice);
  return art.bytes ? onnxSummary(art.bytes) : (art.text ?? "");
}

export function codeView(opts: { tabs: HTMLElement; panels: Record<Tab, HTMLElement>; program: () => Program | undefined; choice: () => ArtifactChoice; targets: string[]; onShow?: (tab: Tab) => void }): CodeView {
  let shown: Tab = "graphs";
  const built = new Map<string, string>();
  /** Bumped by refresh(): a view built for an older program or choice is dropped, never shown. */
  let generation = 0;
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
    b.onclick = () => void view.show(t);
    buttons.set(t, b);
    opts.tabs.appendChild(b);
  }
  opts.tabs.appendChild(irSel);
  irSel.onchange = () => void view.show("ir");

  async function fill(tab: Tab): Promise<void> {
    const p = opts.program(), gen = generation;
    const pre = opts.panels[tab];
    if (tab === "graphs" || !p) return;
    const key = `${tab} ${tab === "ir" ? irSel.value : ""}`;
    let text = built.get(key), failed = false;
    if (text === undefined) {
      try {
        text = await viewText(tab, p, opts.targets, opts.choice(), irSel.value as Target);
        if (gen === generation) built.set(key, text);
      } catch (e) {
        failed = true;
        text = `error: ${(e as Error).message}`;
      }
    }
    if (gen !== generation) return;
    pre.textContent = text;
    pre.classList.toggle("error", failed);
    pre.classList.remove("stale");
  }

  const view: CodeView = {
    async show(tab) {
      shown = tab;
      for (const [t, b] of buttons) b.setAttribute("aria-selected", String(t === tab));
      for (const t of TABS) opts.panels[t].hidden = t !== tab;
      irSel.hidden = tab !== "ir";
      opts.onShow?.(tab);
      await fill(tab);
    },
    current: () => shown,
    refresh() {
      built.clear();
      generation++;
      return view.show(shown);
    },
    text: () => (shown === "graphs" ? "" : (opts.panels[shown].textContent ?? "")),
  };
  return view;
}
