// The GPU.js kernel texts of the gpujs backend outside stage programs (those: stages.ts). Every
// value lives on the device as one flat float32 array of interleaved complex numbers (re, im); a kernel computes one float of its
// output per thread: thread t is component t % 2 of element e = t / 2, which sits in row
// e / N at position k = e % N of an output row of length N.
//
// The texts are written for GPU.js's JavaScript subset so that one text runs on every mode
// (webgl2, webgpu, webasm, cpu): all arithmetic is float (the thread index is made float at
// once, literals carry a decimal point), integer division is floor((x + 0.5) / d), exact in
// float32 while x < 2^22 or so, far past any size the planner emits, and loops run over
// integer counters with literal bounds (GLSL needs them constant) while a float copy of the
// counter does the arithmetic. Kernel arguments are a0, a1, ... in the order of `args`.

/**
 * A float literal GLSL and GPU.js both read as float. -0 keeps its sign as `(-0.0)`; GLSL has no
 * literal for inf or NaN, so they are the IEEE quotients `(1.0 / 0.0)`, `(-1.0 / 0.0)` and
 * `(0.0 / 0.0)` (exact in GPU.js's cpu mode; a GPU's shader compiler may not honour them).
 */
export const fl = (x: number): string => {
  if (Number.isNaN(x)) return "(0.0 / 0.0)";
  const f = Math.fround(x);
  if (!Number.isFinite(f)) return f > 0 ? "(1.0 / 0.0)" : "(-1.0 / 0.0)";
  if (Object.is(f, -0)) return "(-0.0)";
  return Number.isInteger(f) && Math.abs(f) < 1e15 ? f.toFixed(1) : String(f);
};

export const idiv = (x: string, d: number) => (d === 1 ? `(${x})` : `Math.floor((${x} + 0.5) / ${fl(d)})`);

/** The common head: t (flat float index), c (0 re / 1 im), e (element), row, k (position in row). */
export function head(N: number): string {
  return [
    `const t = this.thread.x * 1.0;`,
    `const e = Math.floor(t * 0.5);`,
    `const c = t - 2.0 * e;`,
    `const row = ${idiv("e", N)};`,
    `const k = e - row * ${fl(N)};`,
  ].join("\n");
}

export const fn = (nargs: number, body: string) =>
  `function(${Array.from({ length: nargs }, (_, i) => `a${i}`).join(", ")}) {\n${body}\nreturn c < 0.5 ? yr : yi;\n}`;

/** y[row, i] = x[row, i + off], zero outside x's row (inN long): pad, slice, window. */
export function window(inN: number, outN: number, off: number): string {
  const body = [
    head(outN),
    `const j = k + ${fl(off)};`,
    `let yr = 0.0;`,
    `let yi = 0.0;`,
    `if (j > -0.5 && j < ${fl(inN - 0.5)}) {`,
    `  const q = 2.0 * (row * ${fl(inN)} + j);`,
    `  yr = a0[q];`,
    `  yi = a0[q + 1.0];`,
    `}`,
  ];
  return fn(1, body.join("\n"));
}

/**
 * y[row, i] = x[row, j] (conjugated when asked) with code v = idx[i]: v < 0 gives zero, else
 * j = floor(v / 2) and v odd asks for the conjugate. With `perm`, the table is a complex
 * i64-as-float vector p and v = 2 p[i] (a permutation bound at run time).
 */
export function gather(inN: number, outN: number, perm: boolean): string {
  const body = [
    head(outN),
    perm ? `const v = 2.0 * a1[2.0 * k];` : `const v = a1[k];`,
    `let yr = 0.0;`,
    `let yi = 0.0;`,
    `if (v > -0.5) {`,
    `  const j = Math.floor(v * 0.5 + 0.25);`,
    `  const cj = v - 2.0 * j;`,
    `  const q = 2.0 * (row * ${fl(inN)} + j);`,
    `  yr = a0[q];`,
    `  yi = cj > 0.5 ? -a0[q + 1.0] : a0[q + 1.0];`,
    `}`,
  ];
  return fn(2, body.join("\n"));
}

/** The product y[row, o] = sum_i W[o, i] x[row, i] for W [out, inn] (a0) and rows x of inn (a1). */
export function matmul(out: number, inn: number): string {
  const body = [
    head(out),
    `const xb = 2.0 * row * ${fl(inn)};`,
    `const wb = 2.0 * k * ${fl(inn)};`,
    `let yr = 0.0;`,
    `let yi = 0.0;`,
    `let i = 0.0;`,
    `for (let ii = 0; ii < ${inn}; ii++) {`,
    `  const wr = a0[wb + 2.0 * i];`,
    `  const wi = a0[wb + 2.0 * i + 1.0];`,
    `  const xr = a1[xb + 2.0 * i];`,
    `  const xi = a1[xb + 2.0 * i + 1.0];`,
    `  yr += wr * xr - wi * xi;`,
    `  yi += wr * xi + wi * xr;`,
    `  i += 1.0;`,
    `}`,
  ];
  return fn(2, body.join("\n"));
}

/** y[row] = a[row] ++ b[row] (rows of nA and nB). */
export function concat(nA: number, nB: number): string {
  const body = [
    head(nA + nB),
    `let yr = 0.0;`,
    `let yi = 0.0;`,
    `if (k < ${fl(nA - 0.5)}) { const q = 2.0 * (row * ${fl(nA)} + k); yr = a0[q]; yi = a0[q + 1.0]; }`,
    `else { const q = 2.0 * (row * ${fl(nB)} + k - ${fl(nA)}); yr = a1[q]; yi = a1[q + 1.0]; }`,
  ];
  return fn(2, body.join("\n"));
}

/** Dense [rows, cols] matrix of a small toeplitz / circulant / hankel / conv (c = a0, r = a1). */
export function structMatrix(op: string, rows: number, cols: number, lc: number, off: number): string {
  // d: index into c (d >= 0) or -d into r; for hankel and conv the source is chosen below
  const pick: Record<string, string[]> = {
    toeplitz: [`const d = i - j;`, `if (d > -0.5) { q = 2.0 * d; src = 0.0; } else { q = -2.0 * d; src = 1.0; }`],
    circulant: [`let d = i - j;`, `if (d < -0.5) { d += ${fl(rows)}; }`, `q = 2.0 * d; src = 0.0;`],
    hankel: [`const d = i + j;`, `if (d < ${fl(rows - 0.5)}) { q = 2.0 * d; src = 0.0; } else { q = 2.0 * (d - ${fl(rows - 1)}); src = 1.0; }`],
    conv: [`const d = i + ${fl(off)} - j;`, `if (d > -0.5 && d < ${fl(lc - 0.5)}) { q = 2.0 * d; src = 0.0; }`],
  };
  const body = [
    head(rows * cols),
    `const i = ${idiv("k", cols)};`,
    `const j = k - i * ${fl(cols)};`,
    `let q = 0.0;`,
    `let src = -1.0;`,
    ...pick[op],
    `let yr = 0.0;`,
    `let yi = 0.0;`,
    `if (src > -0.5 && src < 0.5) { yr = a0[q]; yi = a0[q + 1.0]; }`,
    `if (src > 0.5) { yr = a1[q]; yi = a1[q + 1.0]; }`,
  ];
  return fn(2, body.join("\n"));
}

/** First column of the N-circulant embedding of toeplitz(c, r) (or of hankel(c, r)); c m long, r nr long. */
export function circEmbed(m: number, nr: number, N: number, hankel: boolean): string {
  // hankel: h(k) = c[k] (k < m) else r[k - m + 1]; column i -> h(i + nr - 1), row j -> h(nr - 1 - j)
  const h = (k: string) => [`const hk = ${k};`, `if (hk < ${fl(m - 0.5)}) { q = 2.0 * hk; src = 0.0; } else { q = 2.0 * (hk - ${fl(m - 1)}); src = 1.0; }`];
  const body = [
    head(N),
    `let q = 0.0;`,
    `let src = -1.0;`,
    `if (k < ${fl(m - 0.5)}) {`,
    ...(hankel ? h(`k + ${fl(nr - 1)}`) : [`q = 2.0 * k; src = 0.0;`]),
    `} else if (k > ${fl(N - nr + 0.5)}) {`,
    `const jr = ${fl(N)} - k;`,
    ...(hankel ? h(`${fl(nr - 1)} - jr`) : [`q = 2.0 * jr; src = 1.0;`]),
    `}`,
    `let yr = 0.0;`,
    `let yi = 0.0;`,
    `if (src > -0.5 && src < 0.5) { yr = a0[q]; yi = a0[q + 1.0]; }`,
    `if (src > 0.5) { yr = a1[q]; yi = a1[q + 1.0]; }`,
  ];
  return fn(2, body.join("\n"));
}

/** The identity matrix [n, n] as rows (materialize applies an operator to them). */
export function eyeRows(n: number): string {
  return fn(0, [head(n), `const yr = k - row > -0.5 && k - row < 0.5 ? 1.0 : 0.0;`, `const yi = 0.0;`].join("\n"));
}

/** A tensor filled with one real value. */
export function fill(value: number): string {
  return fn(0, [head(1), `const yr = ${fl(value)};`, `const yi = 0.0;`].join("\n"));
}
