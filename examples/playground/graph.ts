// The IR drawn by real Graphviz in the browser: linc's DOT (src/ir/dot.ts) laid out by
// @viz-js/viz (Graphviz compiled to WebAssembly, bundled with the page), so nodes are sized to
// their labels and edges routed around them. The SVG Graphviz writes is not inserted as markup:
// it is parsed as XML and copied element by element (an allow-list of SVG tags and attributes,
// never an on* handler, a style or a link) with createElementNS/setAttribute/textContent. Each node's
// tooltip is the IR node's full text. The picture sits in a zoomable view (see zoom.ts).
import { instance, type Viz } from "@viz-js/viz";
import { nodesToDot } from "../../src/ir/dot.js";
import { type Node, type Program, toposort, typeStr } from "../../src/ir/index.js";
import { argStr, programRoots } from "../../src/ir/printer.js";

/** Graphviz's dot layout grows quickly with the node count: beyond this the page says so instead. */
export const MAX_NODES = 1500;

const SVG = "http://www.w3.org/2000/svg";
const TAGS = new Set(["svg", "g", "title", "polygon", "polyline", "path", "ellipse", "text", "defs"]);
const ATTRS = new Set([
  "width", "height", "viewBox", "transform", "class", "id", "points", "d", "cx", "cy", "rx", "ry", "x", "y",
  "fill", "stroke", "stroke-width", "stroke-dasharray", "font-family", "font-size", "font-weight", "text-anchor",
]);

let viz: Viz | undefined;

const WRAP = 56;

/** `text` broken into lines of about WRAP characters after its ", " separators (nothing dropped). */
function wrap(text: string): string[] {
  const lines: string[] = [];
  for (const part of text.split(", ")) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + part.length + 2 <= WRAP) lines[last] += `, ${part}`;
    else {
      if (last >= 0) lines[last] += ",";
      lines.push(part);
    }
  }
  return lines;
}

/** DOT string literal, escaped as src/ir/dot.ts does. */
const quote = (s: string): string => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;

/**
 * linc's DOT with each operation's label in full: src/ir/dot.ts clips a long argument summary
 * (a lowered node's recorded plan) to one line; here it is wrapped over several lines instead,
 * so Graphviz sizes the node to hold all of it.
 */
function fullDot(roots: readonly Node[], p: Program, byId: Map<string, Node>): string {
  return nodesToDot(roots, { outputs: p.outputs }).replace(/^( {2}(n\d+) \[label=)"(?:[^"\\]|\\.)*"/gm, (line, head: string, id: string) => {
    const n = byId.get(id);
    if (!n || n.op === "input" || n.op === "param") return line;
    const args = argStr(n.arg);
    return head + quote([n.op, typeStr(n.type), ...(args ? wrap(args) : [])].join("\n"));
  });
}

/** Load Graphviz (WebAssembly, compiled once per page). */
export async function loadGraphviz(): Promise<string> {
  viz ??= await instance();
  return viz.graphvizVersion;
}

/** A sanitised copy of parsed SVG: allowed tags and attributes only, text as text. */
function copy(src: Element): Element | undefined {
  if (!TAGS.has(src.localName) || src.namespaceURI !== SVG) return undefined;
  const e = document.createElementNS(SVG, src.localName);
  for (const a of Array.from(src.attributes)) if (ATTRS.has(a.name)) e.setAttribute(a.name, a.value);
  copyChildren(src, e);
  return e;
}

/** The children of `src` copied into `dst`; a link (<a>, which Graphviz writes for tooltips) is dropped, its content kept. */
function copyChildren(src: Element, dst: Element): void {
  for (const c of Array.from(src.childNodes)) {
    if (c.nodeType === 3) dst.appendChild(document.createTextNode(c.textContent ?? ""));
    else if (c.nodeType === 1 && (c as Element).localName === "a" && (c as Element).namespaceURI === SVG) copyChildren(c as Element, dst);
    else if (c.nodeType === 1) {
      const k = copy(c as Element);
      if (k) dst.appendChild(k);
    }
  }
}

/** Graphviz's SVG text as sanitised SVG elements (exported for the XSS test). */
export function sanitizeSvg(text: string): Element | undefined {
  return copy(new DOMParser().parseFromString(text, "image/svg+xml").documentElement);
}

export interface GraphPicture {
  /** The picture (an <svg>) or a paragraph saying why there is none. */
  element: Element;
  /** Nodes drawn (IR nodes plus one per output). */
  nodes: number;
}

/** The graph under a program's outputs laid out by Graphviz, as SVG elements. */
export function graphSvg(p: Program): GraphPicture {
  const roots = programRoots(p);
  const order = toposort(roots);
  if (order.length > MAX_NODES) {
    const para = document.createElement("p");
    para.textContent = `${order.length} nodes: too many to lay out in the browser (the limit is ${MAX_NODES}); use linc dot.`;
    return { element: para, nodes: 0 };
  }
  if (!viz) throw new Error("Graphviz is not loaded yet");
  const byId = new Map<string, Node>(order.map((n) => [`n${n.id}`, n]));
  const text = viz.renderString(fullDot(roots, p, byId), { format: "svg", engine: "dot" });
  const svg = sanitizeSvg(text);
  if (!svg) throw new Error("Graphviz gave no SVG");
  const outputs = new Map(p.outputs.map((o, i) => [`out${i}`, o]));
  for (const g of Array.from(svg.querySelectorAll("g.node"))) {
    const title = g.querySelector("title");
    const key = title?.textContent ?? "";
    const n = byId.get(key), o = outputs.get(key);
    if (n) g.setAttribute("data-op", n.op);
    if (o) g.setAttribute("data-op", "output");
    // the tooltip: the node's full text (labels summarise long arguments)
    if (title) title.textContent = n ? n.toString() : o ? `output ${o.name}: ${o.node.toString()}` : key;
  }
  return { element: svg, nodes: svg.querySelectorAll("g.node").length };
}
