// The cpu backend's per-mode channel mixing (modemix): for each batch row and output channel, the
// input channels are added in order into the row of output modes, walking the modes with the
// strides of the node's geometry (a broadcast mode axis steps by 0), so the inner loop runs over
// contiguous modes of X, W and Y alike. Interleaved complex data: w = 2 floats per element.
import { type NodeOf, modemixGeometryOf } from "../../ir/index.js";
import { type Gen, type Ref, type Stage, tensorTypeOf, width } from "./gen.js";
import { emitFn } from "./layout.js";

export function emitModemix(gen: Gen, stage: Stage, n: NodeOf<"modemix">, xs: readonly string[], y: Ref): void {
  const g = modemixGeometryOf(n), w = width(y.kind), { I, O } = g;
  const xShape = tensorTypeOf(n.src[0]).shape, k = tensorTypeOf(n.src[1]).shape.length - 2;
  const B = gen.numel(xShape.slice(0, xShape.length - k - 1));
  const M = g.M * w, MX = g.MX * w, MW = g.MW * w;
  const body = [
    `for (let b = 0; b < ${B}; b++)`,
    `  for (let o = 0; o < ${O}; o++) {`,
    `    const yo = (b * ${O} + o) * ${M};`,
    `    y.fill(0, yo, yo + ${M});`,
    `    for (let i = 0; i < ${I}; i++) {`,
    `      const xa = (b * ${I} + i) * ${MX}, wa = (i * ${O} + o) * ${MW};`,
    `      let p = yo;`,
  ];
  const ind = (j: number) => "      " + "  ".repeat(j);
  let xi = "xa", wi = "wa";
  g.loops.forEach((l, j) => {
    body.push(`${ind(j)}for (let m${j} = 0, px${j} = ${xi}, pw${j} = ${wi}; m${j} < ${l.n}; m${j}++, px${j} += ${l.sx * w}, pw${j} += ${l.sw * w})`);
    (xi = `px${j}`), (wi = `pw${j}`);
  });
  const pad = ind(g.loops.length);
  if (w === 1) body.push(`${pad}y[p++] += x0[${xi}] * x1[${wi}];`);
  else
    body.push(
      `${pad}{`,
      `${pad}  const ar = x0[${xi}], ai = x0[${xi} + 1], br = x1[${wi}], bi = x1[${wi} + 1];`,
      `${pad}  y[p] += ar * br - ai * bi;`,
      `${pad}  y[p + 1] += ar * bi + ai * br;`,
      `${pad}  p += 2;`,
      `${pad}}`,
    );
  body.push(`    }`, `  }`);
  emitFn(gen, stage, xs, y, body);
}
