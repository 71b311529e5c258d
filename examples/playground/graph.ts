// The IR drawn as an SVG picture in the browser (no Graphviz): a layered layout where each
// node sits one layer below its deepest source, nodes in a layer ordered by the mean position
// of their sources (one barycentre sweep keeps most edges short), edges as cubic curves.
import { type Node, type Program, toposort, typeStr } from "../../src/ir/index.js";

const W = 150, H = 34, GX = 24, GY = 44, MAX_NODES = 400;

const FILL: Record<string, string> = {
  input: "#cfe3ff",
  param: "#fff0b3",
  const: "#eeeeee",
  fill: "#eeeeee",
  operator: "#e6dcf7",
  tensor: "#ffffff",
  output: "#c9f0c9",
};

const SVG = "http://www.w3.org/2000/svg";

/** An SVG element with its attributes set by setAttribute and its text by textContent (never parsed as markup). */
function el(tag: string, attrs: Record<string, string | number> = {}, text?: string): SVGElement {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}
const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + "…" : s);

function label(n: Node): [string, string] {
  const name = n.op === "input" || n.op === "param" ? `${n.op} ${n.arg.name}` : n.op;
  const a = n.arg as Record<string, unknown>;
  const extra = ["n", "m", "type", "norm", "offset", "mode"].filter((k) => typeof a[k] === "number" || typeof a[k] === "string").map((k) => `${k}=${a[k]}`);
  return [clip([name, ...extra.slice(0, 2)].join(" "), 24), clip(typeStr(n.type), 24)];
}

/** The graph under a program's outputs as an SVG element (or a paragraph when it is too large). */
export function graphSvg(p: Program): Element {
  const nodes = toposort(p.outputs.map((o) => o.node));
  if (nodes.length > MAX_NODES) {
    const para = document.createElement("p");
    para.textContent = `${nodes.length} nodes: too many to draw.`;
    return para;
  }
  const outputs = new Map(p.outputs.map((o) => [o.node, o.name]));
  const layer = new Map<Node, number>();
  for (const n of nodes) layer.set(n, n.src.length ? 1 + Math.max(...n.src.map((s) => layer.get(s)!)) : 0);
  const layers: Node[][] = [];
  for (const n of nodes) (layers[layer.get(n)!] ??= []).push(n);
  const xpos = new Map<Node, number>();
  layers.forEach((row, li) => {
    if (li > 0) {
      const bary = (n: Node) => n.src.reduce((acc, s) => acc + xpos.get(s)!, 0) / Math.max(1, n.src.length);
      row.sort((a, b) => bary(a) - bary(b));
    }
    row.forEach((n, i) => xpos.set(n, i));
  });
  const width = Math.max(...layers.map((r) => r.length)) * (W + GX) + GX;
  const height = layers.length * (H + GY) + GY;
  const at = (n: Node) => {
    const row = layers[layer.get(n)!];
    const offset = (width - row.length * (W + GX) + GX) / 2;
    return { x: offset + xpos.get(n)! * (W + GX), y: GY / 2 + layer.get(n)! * (H + GY) };
  };
  const svg = el("svg", { width, height, viewBox: `0 0 ${width} ${height}` });
  const marker = el("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto" });
  marker.appendChild(el("path", { d: "M0,0 L10,5 L0,10 z", fill: "#889" }));
  svg.appendChild(el("defs")).appendChild(marker);
  for (const n of nodes)
    for (const s of n.src) {
      const a = at(s), b = at(n);
      const x1 = a.x + W / 2, y1 = a.y + H, x2 = b.x + W / 2, y2 = b.y;
      svg.appendChild(el("path", { d: `M${x1},${y1} C${x1},${y1 + GY / 2} ${x2},${y2 - GY / 2} ${x2},${y2}`, fill: "none", stroke: "#889", "marker-end": "url(#arrow)" }));
    }
  for (const n of nodes) {
    const { x, y } = at(n);
    const kind = outputs.has(n) ? "output" : n.op in FILL ? n.op : n.isOperator ? "operator" : "tensor";
    const [l1, l2] = label(n);
    const title = outputs.has(n) ? `output ${outputs.get(n)}: ${n.toString()}` : n.toString();
    const g = el("g", { class: "node", "data-op": n.op });
    g.append(
      el("title", {}, title),
      el("rect", { x, y, width: W, height: H, rx: n.isOperator ? 8 : 3, fill: FILL[kind], stroke: "#556" }),
      el("text", { x: x + 6, y: y + 14 }, outputs.has(n) ? clip(`${outputs.get(n)} = ${l1}`, 24) : l1),
      el("text", { x: x + 6, y: y + 28, fill: "#555" }, l2),
    );
    svg.appendChild(g);
  }
  return svg;
}
