// The cpu backend's per-mode channel mixing (modemix): for each batch row and output channel, the
// input channels are added in order into the row of output modes, walking the modes with the
// strides of the node's geometry (a broadcast mode axis steps by 0), so the inner loop runs over
// contiguous modes of X, W and Y alike. U input channels go together per pass over the row (the
// sum still adds them one by one, in order, as the reference does), and a weight that the inner
// loop does not step through is read once before it. Interleaved complex data: w = 2 floats per
// element.
import { type NodeOf, modemixGeometryOf } from "../../ir/index.js";
import { type Gen, type Ref, type Stage, tensorTypeOf, width } from "./gen.js";
import { emitFn } from "./layout.js";

/** How many input channels one pass over an output row adds. */
const unrollOf = (I: number) => [4, 2, 1].find((u) => I % u === 0)!;

export function emitModemix(gen: Gen, stage: Stage, n: NodeOf<"modemix">, xs: readonly string[], y: Ref): void {
  const g = modemixGeometryOf(n), w = width(y.kind), { I, O } = g, U = unrollOf(I);
  const xShape = tensorTypeOf(n.src[0]).shape, k = tensorTypeOf(n.src[1]).shape.length - 2;
  const B = gen.numel(xShape.slice(0, xShape.length - k - 1));
  const M = g.M * w, MX = g.MX * w, MW = g.MW * w;
  const body = [
    `for (let b = 0; b < ${B}; b++)`,
    `  for (let o = 0; o < ${O}; o++) {`,
    `    const yo = (b * ${O} + o) * ${M};`,
    `    y.fill(0, yo, yo + ${M});`,
    `    for (let i = 0; i < ${I}; i += ${U}) {`,
    `      const xa = (b * ${I} + i) * ${MX}, wa = (i * ${O} + o) * ${MW};`,
    `      let p = yo;`,
  ];
  const ind = (j: number) => "      " + "  ".repeat(j);
  const us = Array.from({ length: U }, (_, u) => u);
  // channel u of the group: x at +u MX, w at +u O MW (floats)
  const at = (base: string, u: number, step: number, re: boolean) => `${base}${u * step ? ` + ${u * step}` : ""}${re ? "" : " + 1"}`;
  const xr = (px: string, u: number, re = true) => `x0[${at(px, u, MX, re)}]`, wr = (pw: string, u: number, re = true) => `x1[${at(pw, u, O * MW, re)}]`;
  // the weights are read once ahead of the innermost loop when it does not step through them
  const hoist = g.loops.length === 0 || g.loops[g.loops.length - 1].sw === 0;
  let px = "xa", pw = "wa", depth = 0;
  const open: string[] = [];
  g.loops.forEach((l, j) => {
    if (hoist && j === g.loops.length - 1) {
      body.push(`${ind(depth)}{`);
      open.push(`${ind(depth)}}`);
      depth++;
      us.forEach((u) => body.push(`${ind(depth)}const b${u}r = ${wr(pw, u)}${w === 2 ? `, b${u}i = ${wr(pw, u, false)}` : ""};`));
      body.push(`${ind(depth)}for (let m${j} = 0, px${j} = ${px}; m${j} < ${l.n}; m${j}++, px${j} += ${l.sx * w}) {`);
    } else body.push(`${ind(depth)}for (let m${j} = 0, px${j} = ${px}, pw${j} = ${pw}; m${j} < ${l.n}; m${j}++, px${j} += ${l.sx * w}, pw${j} += ${l.sw * w}) {`);
    open.push(`${ind(depth)}}`);
    (px = `px${j}`), (pw = `pw${j}`), depth++;
  });
  const pad = ind(depth);
  if (hoist && g.loops.length === 0) us.forEach((u) => body.push(`${pad}const b${u}r = ${wr(pw, u)}${w === 2 ? `, b${u}i = ${wr(pw, u, false)}` : ""};`));
  const wre = (u: number) => (hoist ? `b${u}r` : wr(pw, u)), wim = (u: number) => (hoist ? `b${u}i` : wr(pw, u, false));
  if (w === 1) body.push(`${pad}y[p] = y[p]${us.map((u) => ` + ${xr(px, u)} * ${wre(u)}`).join("")};`, `${pad}p++;`);
  else {
    us.forEach((u) => body.push(`${pad}const a${u}r = ${xr(px, u)}, a${u}i = ${xr(px, u, false)};`));
    if (!hoist) us.forEach((u) => body.push(`${pad}const b${u}r = ${wre(u)}, b${u}i = ${wim(u)};`));
    body.push(
      `${pad}y[p] = y[p]${us.map((u) => ` + (a${u}r * b${u}r - a${u}i * b${u}i)`).join("")};`,
      `${pad}y[p + 1] = y[p + 1]${us.map((u) => ` + (a${u}r * b${u}i + a${u}i * b${u}r)`).join("")};`,
      `${pad}p += 2;`,
    );
  }
  body.push(...open.reverse(), `    }`, `  }`);
  emitFn(gen, stage, xs, y, body);
}
