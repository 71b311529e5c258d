// The GPU.js kernel texts of the gpujs backend. Every value lives on the device as one flat
// float32 array of interleaved complex numbers (re, im); a kernel computes one float of its
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

/** Complex product of (ar, ai) and (br, bi) into let-declared (pr, pi). */
const cmul = (p: string, a: [string, string], b: [string, string]) =>
  `const ${p}r = ${a[0]} * ${b[0]} - ${a[1]} * ${b[1]};\nconst ${p}i = ${a[0]} * ${b[1]} + ${a[1]} * ${b[0]};`;

/**
 * y[row, i] = s * x[row, i + off] * (v[i] when `table`), zero outside x's row (inN long):
 * pad, slice, window, diag (v a vector of length outN) and scaling in one text.
 */
export function winmul(inN: number, outN: number, off: number, table: boolean, conjTable: boolean, s: [number, number] = [1, 0]): string {
  const body = [
    head(outN),
    `const j = k + ${fl(off)};`,
    `let xr = 0.0;`,
    `let xi = 0.0;`,
    `let vr = 1.0;`,
    `let vi = 0.0;`,
    `if (j > -0.5 && j < ${fl(inN - 0.5)}) {`,
    `  const q = 2.0 * (row * ${fl(inN)} + j);`,
    `  xr = a0[q];`,
    `  xi = a0[q + 1.0];`,
    // the table is read only where x is (it may be shorter than the output row)
    table ? `  vr = a1[2.0 * k];\n  vi = ${conjTable ? "-" : ""}a1[2.0 * k + 1.0];` : ``,
    `}`,
    cmul("u", ["xr", "xi"], ["vr", "vi"]),
    `const yr = ${fl(s[0])} * ur - ${fl(s[1])} * ui;`,
    `const yi = ${fl(s[0])} * ui + ${fl(s[1])} * ur;`,
  ];
  return fn(table ? 2 : 1, body.join("\n"));
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

/**
 * Block product y[row, b*out + o] = sum_i W[b, o, i] x[row, b*inn + i] for W [nb, out, inn];
 * `wT` reads a single block stored transposed, W [inn, out] (the V^T of lowrank).
 */
export function blockMatmul(nb: number, out: number, inn: number, wT: boolean): string {
  const widx = wT ? `i * ${fl(out)} + o` : `(b * ${fl(out)} + o) * ${fl(inn)} + i`;
  const body = [
    head(nb * out),
    `const b = ${idiv("k", out)};`,
    `const o = k - b * ${fl(out)};`,
    `const xb = 2.0 * (row * ${fl(nb * inn)} + b * ${fl(inn)});`,
    `let yr = 0.0;`,
    `let yi = 0.0;`,
    `let i = 0.0;`,
    `for (let ii = 0; ii < ${inn}; ii++) {`,
    `  const wq = 2.0 * (${widx});`,
    `  const wr = a0[wq];`,
    `  const wi = a0[wq + 1.0];`,
    `  const xr = a1[xb + 2.0 * i];`,
    `  const xi = a1[xb + 2.0 * i + 1.0];`,
    `  yr += wr * xr - wi * xi;`,
    `  yi += wr * xi + wi * xr;`,
    `  i += 1.0;`,
    `}`,
  ];
  return fn(2, body.join("\n"));
}

/**
 * The block matrix of diagonals: y[row, o n + f] = sum_i D[o, i, f] x[row, i n + f] for the
 * complex table a0 = D [co, ci, n] and rows a1 of ci n (the per-frequency channel mix).
 */
export function diagBlocks(co: number, ci: number, n: number): string {
  const body = [
    head(co * n),
    `const o = ${idiv("k", n)};`,
    `const f = k - o * ${fl(n)};`,
    `const xb = 2.0 * (row * ${fl(ci * n)} + f);`,
    `let yr = 0.0;`,
    `let yi = 0.0;`,
    `let i = 0.0;`,
    `for (let ii = 0; ii < ${ci}; ii++) {`,
    `  const dq = 2.0 * ((o * ${fl(ci)} + i) * ${fl(n)} + f);`,
    `  const dr = a0[dq];`,
    `  const di = a0[dq + 1.0];`,
    `  const xr = a1[xb + 2.0 * i * ${fl(n)}];`,
    `  const xi = a1[xb + 2.0 * i * ${fl(n)} + 1.0];`,
    `  yr += dr * xr - di * xi;`,
    `  yi += dr * xi + di * xr;`,
    `  i += 1.0;`,
    `}`,
  ];
  return fn(2, body.join("\n"));
}

/**
 * One radix-r (2 or 4) Stockham autosort stage of an n-point FFT at stride s (sub-length
 * L = n / s): y[q + s(r p + m)] = w_L^{p m} sum_j a_j (w_r)^{j m}, a_j = x[q + s(p + j L/r)].
 * Twiddles come from the table a1 of e^{-2 pi i k/n} (cos, sin interleaved, k < n); `sign`
 * +1 runs the inverse transform; `scale` multiplies the stage's result (the norm, last stage).
 */
export function stockham(n: number, s: number, r: 2 | 4, inverse: boolean, scale: number): string {
  const m = n / s / r;
  const body = [
    head(n),
    `const q = k - ${idiv("k", s)} * ${fl(s)};`,
    `const rr = ${idiv("k", s)};`,
    `const p = ${idiv("rr", r)};`,
    `const mm = rr - p * ${fl(r)};`,
    `const base = 2.0 * (row * ${fl(n)} + q + ${fl(s)} * p);`,
    ...Array.from({ length: r }, (_, j) => `const a${j}r = a0[base + ${fl(2 * j * s * m)}];\nconst a${j}i = a0[base + ${fl(2 * j * s * m + 1)}];`),
    `let sr = 0.0;`,
    `let si = 0.0;`,
  ];
  if (r === 2) body.push(`if (mm < 0.5) { sr = a0r + a1r; si = a0i + a1i; } else { sr = a0r - a1r; si = a0i - a1i; }`);
  else {
    // sum_j a_j (w_4)^{j m} with w_4 = -i (forward) or +i (inverse): b, d, e, f are the
    // radix-2 halves, and the m = 1, 3 outputs are d -/+ i f (forward) or d +/- i f (inverse)
    const [m1, m3] = inverse ? [["-", "+"], ["+", "-"]] : [["+", "-"], ["-", "+"]];
    body.push(
      `const br = a0r + a2r;`, `const bi = a0i + a2i;`, `const dr = a0r - a2r;`, `const di = a0i - a2i;`,
      `const er = a1r + a3r;`, `const ei = a1i + a3i;`, `const fr = a1r - a3r;`, `const fi = a1i - a3i;`,
      `if (mm < 0.5) { sr = br + er; si = bi + ei; }`,
      `else if (mm < 1.5) { sr = dr ${m1[0]} fi; si = di ${m1[1]} fr; }`,
      `else if (mm < 2.5) { sr = br - er; si = bi - ei; }`,
      `else { sr = dr ${m3[0]} fi; si = di ${m3[1]} fr; }`,
    );
  }
  body.push(
    `const w = 2.0 * (p * mm * ${fl(s)});`,
    `const wr = a1[w];`,
    `const wi = ${inverse ? "" : "-"}a1[w + 1.0];`,
    `const yr = ${fl(scale)} * (sr * wr - si * wi);`,
    `const yi = ${fl(scale)} * (sr * wi + si * wr);`,
  );
  return fn(2, body.join("\n"));
}

/** A dense n-point DFT per row (any n): y[k] = scale sum_j x[j] w^{jk mod n}, table as in stockham. */
export function denseDft(n: number, inverse: boolean, scale: number): string {
  const body = [
    head(n),
    `let xb = 2.0 * row * ${fl(n)};`,
    `let sr = 0.0;`,
    `let si = 0.0;`,
    `let jk = 0.0;`,
    `for (let jj = 0; jj < ${n}; jj++) {`,
    `  const wr = a1[2.0 * jk];`,
    `  const wi = ${inverse ? "" : "-"}a1[2.0 * jk + 1.0];`,
    `  const xr = a0[xb];`,
    `  const xi = a0[xb + 1.0];`,
    `  sr += xr * wr - xi * wi;`,
    `  si += xr * wi + xi * wr;`,
    `  xb += 2.0;`,
    `  jk += k;`,
    `  if (jk > ${fl(n - 0.5)}) { jk -= ${fl(n)}; }`,
    `}`,
    `const yr = ${fl(scale)} * sr;`,
    `const yi = ${fl(scale)} * si;`,
  ];
  return fn(2, body.join("\n"));
}

/** One Walsh–Hadamard stage at distance h: y[i] = x[i] + x[i+h] (bit h of i clear) or x[i-h] - x[i]. */
export function whtStage(n: number, h: number, scale: number): string {
  const body = [
    head(n),
    `const bit = ${idiv("k", h)} - 2.0 * Math.floor(${idiv("k", h)} * 0.5);`,
    `const base = 2.0 * (row * ${fl(n)} + k);`,
    `let yr = 0.0;`,
    `let yi = 0.0;`,
    `if (bit < 0.5) { yr = a0[base] + a0[base + ${fl(2 * h)}]; yi = a0[base + 1.0] + a0[base + ${fl(2 * h + 1)}]; }`,
    `else { yr = a0[base - ${fl(2 * h)}] - a0[base]; yi = a0[base - ${fl(2 * h - 1)}] - a0[base + 1.0]; }`,
    `yr = yr * ${fl(scale)};`,
    `yi = yi * ${fl(scale)};`,
  ];
  return fn(1, body.join("\n"));
}

/**
 * One butterfly factor of stride s (torch-butterfly layout, twiddles a1 = w[L, n/2, 2, 2]
 * complex, factor `idx`): the pair (2sb + j, 2sb + s + j) times the 2x2 matrix tw[b s + j].
 */
export function butterflyFactor(n: number, s: number, idx: number): string {
  const body = [
    head(n),
    `const b = ${idiv("k", 2 * s)};`,
    `const j = k - b * ${fl(2 * s)};`,
    `const hi = j > ${fl(s - 0.5)} ? 1.0 : 0.0;`,
    `const jj = j - hi * ${fl(s)};`,
    `const x0 = 2.0 * (row * ${fl(n)} + b * ${fl(2 * s)} + jj);`,
    `const x1 = x0 + ${fl(2 * s)};`,
    `const tw = 2.0 * (${fl(idx * (n / 2) * 4)} + 4.0 * (b * ${fl(s)} + jj) + 2.0 * hi);`,
    cmul("u", ["a1[tw]", "a1[tw + 1.0]"], ["a0[x0]", "a0[x0 + 1.0]"]),
    cmul("v", ["a1[tw + 2.0]", "a1[tw + 3.0]"], ["a0[x1]", "a0[x1 + 1.0]"]),
    `const yr = ur + vr;`,
    `const yi = ui + vi;`,
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
