// The stage op registry: the low-level ops that every kernel op is lowered to, once
// (src/passes/lower), and that a backend renders one by one (issue 18). In the style of ops.ts:
// each stage op has typed arguments (StageArgs), an entry in STAGES with a one-line doc and the
// facts a renderer and the verifier need; its float64 meaning is in stageeval.ts, a table that
// tsc checks for completeness.
//
// Geometry. Every stage carries { outer, n, inner }: it acts along one axis of length n of a
// row-major buffer, element (o, k, j) at o·n·inner + k·inner + j, for every o < outer and
// j < inner. So one stage applies along any axis of an N-D array (inner = 1 is the last axis).
// A stage program is written for one vector (the stages' own geometry) and run for a batch
// geometry { outer: B, inner: I }: every stage then acts with outer·B and inner·I, and every
// batched buffer holds B·len·I elements laid out (b, l, i). The same program thus runs along
// a non-last axis of a batch of arrays; nothing in it changes.
//
// Buffers are named: inputs, outputs and temporaries, each with a per-vector length and a
// dtype ("real" or "complex"); `shared` inputs (an operator's weights) are the same for every
// vector and are not scaled by the batch geometry. Every buffer starts as zeros. Tables are
// float64 constants computed once by the lowering (complex tables interleaved re, im; index
// tables hold integers, -1 meaning "a zero"). StageInstr programs are plain data (ArgValue), so a
// kernel op can carry its program in its arguments and the hash-consing factory can key it.

/** Where a stage acts: along an axis of length n, `outer` times, each `inner` wide. */
export type Geom = { readonly outer: number; readonly n: number; readonly inner: number };

export type StageDType = "real" | "complex";
type Empty = Record<never, never>;
type Sign = 1 | -1;

/** The typed arguments of every stage op. `n` is the source axis length (geom.n). */
export type StageArgs = {
  // ---- data movement
  /** real -> complex (imaginary part 0), or complex -> real (the real part). */
  cast: { readonly to: StageDType };
  /** A real axis of 2h read as h complex values: z_k = x_{2k} + i x_{2k+1} (numpy's .view). */
  as_complex: Empty;
  /** h complex values written as a real axis of 2h: x_{2k} = re z_k, x_{2k+1} = im z_k. */
  as_real: Empty;
  /** y_k = x_{index[k]} (conjugated when conj), 0 where index[k] < 0, for k < m (the index table's length). */
  gather: { readonly index: string; readonly m: number; readonly conj: boolean };
  /** y_{index[k]} = x_k on a destination axis of m; the other entries of y are left as they are. */
  place: { readonly index: string; readonly m: number };
  /** y_k = x_{k + offset} where 0 <= k + offset < n, else 0, for k < m (pad, slice, copy). */
  window: { readonly m: number; readonly offset: number };
  /** The axis read as [a, b] row-major and written as [b, a]: y_{j·a + i} = x_{i·b + j}. */
  transpose: { readonly a: number; readonly b: number };
  // ---- pointwise
  /** y = s·x. */
  scale: { readonly s: number };
  /** y_k = x_k · t_k (t conjugated when conj) for a complex table t of n entries. */
  mul: { readonly table: string; readonly conj: boolean };
  /** y = x + z (two sources of one geometry). */
  add: Empty;
  // ---- Fourier passes
  /** The direct DFT of the axis: y_k = Σ_j x_j ω^{jk}, ω = e^{sign·2πi/n} (a straight-line codelet). */
  codelet: { readonly sign: Sign };
  /**
   * One Stockham autosort pass of radix r at stride s (m = n / (r·s)), decimation in frequency:
   * y[q + s(r p + j)] = w_{p,j} Σ_k ω_r^{jk} x[q + s(p + k m)] for p < m, q < s, with
   * w_{p,j} = ω_{rm}^{jp} read from `twiddles` ([p][j], m·r complex; absent when m = 1).
   */
  stockham: { readonly r: number; readonly s: number; readonly sign: Sign; readonly twiddles?: string };
  /**
   * The spectrum X (h + 1 bins) of n = 2h reals from the complex DFT Z (h points) of their pairs:
   * X_k = (Z_k + conj Z_{h-k})/2 + w_k (Z_k − conj Z_{h-k})/(2i), indices mod h, w_k = e^{−2πik/n}
   * from `twiddles` (h + 1 entries).
   */
  real_split: { readonly twiddles: string };
  /**
   * The inverse of real_split: Z_k = ((X_k + conj X_{h-k}) + i v_k (X_k − conj X_{h-k})) / 2 for
   * k < h, v_k = e^{+2πik/n} from `twiddles` (h entries); the imaginary parts of X_0 and X_h are
   * ignored (numpy.fft.irfft). Z's unnormalised inverse DFT is n/2 times the signal. Not doubled:
   * a finite Z near the largest double would overflow as 2Z.
   */
  real_join: { readonly twiddles: string };
  // ---- fast factors
  /** One Walsh-Hadamard pass: each pair (2sb + j, 2sb + s + j), j < s, becomes (a + b, a − b). */
  wht_pass: { readonly s: number };
  /**
   * One butterfly factor (torch-butterfly layout): each pair (2sb + j, 2sb + s + j), j < s, is
   * multiplied by the 2x2 matrix w[factor, b·s + j] of the shared weights w [L, n/2, 2, 2] (src[1]).
   */
  butterfly_pass: { readonly s: number; readonly factor: number };
  // ---- linear algebra
  /**
   * A batched block matrix product: the axis (n = blocks·cols) as `blocks` blocks of `cols`, block b
   * multiplied by the rows x cols matrix W[b] of the shared weights (src[1], real or complex):
   * y[b·rows + o] = Σ_i W[b, o, i] x[b·cols + i] (an axis of blocks·rows). W[b, o, i] is entry
   * b·s_b + o·s_o + i·s_i of the weights for `strides` [s_b, s_o, s_i]; absent, [blocks, rows, cols]
   * row-major ([rows·cols, cols, 1]), so a transposed or permuted weight tensor needs no copy.
   */
  matmul: { readonly blocks: number; readonly rows: number; readonly cols: number; readonly strides?: readonly [number, number, number] };
};

export type StageOp = keyof StageArgs;

/** One stage: reads `src` (buffer names), writes `dst`, along the axis its geometry says. */
export type StageInstr = {
  [K in StageOp]: { readonly op: K; readonly src: readonly string[]; readonly dst: string; readonly geom: Geom; readonly arg: StageArgs[K] };
}[StageOp];
export type StageInstrOf<K extends StageOp> = Extract<StageInstr, { op: K }>;

/**
 * A named buffer of a stage program: per-vector length and dtype; `shared`: one copy for the whole
 * batch (an operator's weights), with `source`, the path of source indices from the lowered op to
 * the tensor bound to it (butterfly's w: [0]; the W of a kron's second factor dense(W): [1, 0]).
 */
export type BufDecl = { readonly name: string; readonly len: number; readonly dtype: StageDType; readonly shared?: boolean; readonly source?: readonly number[] };

/** The tensor node a shared input of an op's program is bound to: `source` followed from the op. */
export const boundSource = <N extends { readonly src: readonly N[] }>(op: N, b: BufDecl): N => (b.source ?? []).reduce((n, i) => n.src[i], op);

/** A stage program: what one kernel op lowers to. */
export type StageProgram = {
  readonly inputs: readonly BufDecl[];
  readonly outputs: readonly BufDecl[];
  readonly temps: readonly BufDecl[];
  /** Named float64 constants: complex tables interleaved (re, im), index tables as integers. */
  readonly tables: { readonly [name: string]: Float64Array };
  readonly stages: readonly StageInstr[];
};

/** What the verifier and a renderer need to know of a stage op besides its arguments. */
export interface StageInfo {
  readonly doc: string;
  readonly family: "data" | "pointwise" | "fourier" | "factor" | "linalg";
  /** Source dtypes (one per source: "any" = either, the destination's dtype then matches the first source). */
  readonly src: readonly (StageDType | "any")[];
  /** Destination dtype ("same": that of the first source). */
  readonly dst: StageDType | "same";
  /** Whether dst may be the same buffer as src[0] (each output entry depends only on entries it overwrites). */
  readonly inPlace: boolean;
  /** Length of the destination axis. */
  out(s: Geom, arg: never): number;
  /** Complex tables (by argument name) and their required length in complex entries; index tables apart. */
  readonly tables?: readonly string[];
  /** A problem with the arguments for this geometry, if any. */
  check?(g: Geom, arg: never): string | undefined;
}

type Info<K extends StageOp> = Omit<StageInfo, "out" | "check"> & {
  out(g: Geom, arg: StageArgs[K]): number;
  check?(g: Geom, arg: StageArgs[K]): string | undefined;
};

const same = (g: Geom) => g.n;
const isInt = (x: number, lo: number) => Number.isSafeInteger(x) && x >= lo;

export const STAGES: { readonly [K in StageOp]: Info<K> } = {
  cast: { doc: "real <-> complex (imaginary part 0, or the real part)", family: "data", src: ["any"], dst: "same", inPlace: false, out: same },
  as_complex: {
    doc: "a real axis of 2h as h complex values (pairs)", family: "data", src: ["real"], dst: "complex", inPlace: false,
    out: (g) => g.n / 2, check: (g) => (g.n % 2 ? `as_complex needs an even axis, got ${g.n}` : undefined),
  },
  as_real: { doc: "h complex values as a real axis of 2h", family: "data", src: ["complex"], dst: "real", inPlace: false, out: (g) => 2 * g.n },
  gather: { doc: "y_k = x_index[k] (optionally conjugated), 0 where index < 0", family: "data", src: ["any"], dst: "same", inPlace: false, out: (_g, a) => a.m },
  place: { doc: "y_index[k] = x_k on an axis of m, the rest of y kept", family: "data", src: ["any"], dst: "same", inPlace: false, out: (_g, a) => a.m },
  window: { doc: "y_k = x_{k+offset} in range, else 0 (pad, slice, copy)", family: "data", src: ["any"], dst: "same", inPlace: false, out: (_g, a) => a.m, check: (_g, a) => (isInt(a.m, 0) && Number.isSafeInteger(a.offset) ? undefined : "window needs integer m >= 0 and offset") },
  transpose: {
    doc: "the axis as [a, b] written as [b, a]", family: "data", src: ["any"], dst: "same", inPlace: false, out: same,
    check: (g, a) => (a.a * a.b === g.n ? undefined : `transpose [${a.a}, ${a.b}] of an axis of ${g.n}`),
  },
  scale: { doc: "y = s x", family: "pointwise", src: ["any"], dst: "same", inPlace: true, out: same },
  mul: { doc: "y_k = x_k t_k by a complex table (twiddles, chirps, spectra)", family: "pointwise", src: ["complex"], dst: "complex", inPlace: true, out: same, tables: ["table"] },
  add: { doc: "y = x + z", family: "pointwise", src: ["any", "any"], dst: "same", inPlace: true, out: same },
  codelet: { doc: "a direct DFT of the whole axis (a straight-line codelet)", family: "fourier", src: ["complex"], dst: "complex", inPlace: false, out: same },
  stockham: {
    doc: "one Stockham autosort pass of radix r at stride s, twiddled", family: "fourier", src: ["complex"], dst: "complex", inPlace: false, out: same, tables: ["twiddles"],
    check: (g, a) => {
      if (!isInt(a.r, 2) || !isInt(a.s, 1) || g.n % (a.r * a.s)) return `a radix-${a.r} pass at stride ${a.s} does not divide ${g.n}`;
      return (g.n / (a.r * a.s) > 1) === (a.twiddles !== undefined) ? undefined : "a Stockham pass has twiddles exactly when m > 1";
    },
  },
  real_split: { doc: "the n/2 + 1 bins of a real signal from the n/2-point DFT of its pairs", family: "fourier", src: ["complex"], dst: "complex", inPlace: false, out: (g) => g.n + 1, tables: ["twiddles"] },
  real_join: {
    doc: "the n/2-point DFT of a real signal's pairs from its n/2 + 1 bins", family: "fourier", src: ["complex"], dst: "complex", inPlace: false, out: (g) => g.n - 1, tables: ["twiddles"],
    check: (g) => (g.n >= 2 ? undefined : "real_join needs at least 2 bins"),
  },
  wht_pass: {
    doc: "one Walsh-Hadamard pass of pairs at stride s", family: "factor", src: ["any"], dst: "same", inPlace: true, out: same,
    check: (g, a) => (isInt(a.s, 1) && g.n % (2 * a.s) === 0 ? undefined : `a pass at stride ${a.s} does not divide ${g.n}`),
  },
  butterfly_pass: {
    doc: "one butterfly factor of 2x2 blocks at stride s (torch-butterfly layout)", family: "factor", src: ["complex", "any"], dst: "complex", inPlace: true, out: same,
    check: (g, a) => (isInt(a.s, 1) && g.n % (2 * a.s) === 0 && isInt(a.factor, 0) ? undefined : `a factor at stride ${a.s} does not divide ${g.n}`),
  },
  matmul: {
    doc: "a batched block matrix product by shared weights [blocks, rows, cols]", family: "linalg", src: ["complex", "any"], dst: "complex", inPlace: false,
    out: (_g, a) => a.blocks * a.rows,
    check: (g, a) => {
      if (!(isInt(a.blocks, 1) && isInt(a.rows, 1) && isInt(a.cols, 1) && a.blocks * a.cols === g.n)) return `${a.blocks} blocks of ${a.rows} x ${a.cols} on an axis of ${g.n}`;
      return !a.strides || (a.strides.length === 3 && a.strides.every((s) => isInt(s, 0))) ? undefined : `matmul strides ${JSON.stringify(a.strides)}`;
    },
  },
};

export const STAGE_OPS = Object.keys(STAGES) as StageOp[];

/** The table lengths (complex entries) a stage's complex tables must have. */
function tableLengths(st: StageInstr): [string, number][] {
  const g = st.geom;
  switch (st.op) {
    case "mul": return [[st.arg.table, g.n]];
    case "stockham": return st.arg.twiddles ? [[st.arg.twiddles, g.n / st.arg.s]] : [];
    case "real_split": return [[st.arg.twiddles, g.n + 1]];
    case "real_join": return [[st.arg.twiddles, g.n - 1]];
    default: return [];
  }
}

/**
 * A stage's registry entry with its arguments, for the generic readers below: STAGES is a
 * mapped type, so STAGES[st.op] of a union st takes the arguments of every op at once (never).
 */
const entryOf = (st: StageInstr): { info: StageInfo; arg: never } => ({ info: STAGES[st.op] as StageInfo, arg: (st as unknown as { arg: never }).arg });

/** Length of a stage's destination axis. */
export const outLength = (st: StageInstr): number => {
  const { info, arg } = entryOf(st);
  return info.out(st.geom, arg);
};

/**
 * The stage verifier (a check per stage op, as verify.ts is for the graph): every buffer
 * declared once, sources and destination of the right dtype and length for the geometry,
 * tables present and long enough, in-place only where the op allows it, every output written.
 * Returns the problems found (none for a sound program).
 */
export function checkProgram(p: StageProgram): string[] {
  const problems: string[] = [];
  const bufs = new Map<string, BufDecl>();
  for (const b of [...p.inputs, ...p.outputs, ...p.temps]) {
    if (bufs.has(b.name)) problems.push(`buffer '${b.name}' declared twice`);
    if (!isInt(b.len, 0)) problems.push(`buffer '${b.name}' has length ${b.len}`);
    if (b.shared && !p.inputs.includes(b)) problems.push(`only inputs may be shared ('${b.name}')`);
    bufs.set(b.name, b);
  }
  const inputs = new Set(p.inputs.map((b) => b.name));
  const written = new Set<string>();
  p.stages.forEach((st, i) => {
    const where = `stage ${i} (${st.op})`;
    const { info, arg } = entryOf(st);
    const g = st.geom;
    if (!isInt(g.outer, 1) || !isInt(g.n, 1) || !isInt(g.inner, 1)) return void problems.push(`${where}: geometry ${JSON.stringify(g)}`);
    const bad = info.check?.(g, arg);
    if (bad) return void problems.push(`${where}: ${bad}`);
    if (st.src.length !== info.src.length) return void problems.push(`${where}: ${st.src.length} sources, expected ${info.src.length}`);
    const srcs = st.src.map((s) => bufs.get(s));
    const dst = bufs.get(st.dst);
    if (srcs.some((b) => !b) || !dst) return void problems.push(`${where}: an undeclared buffer among ${[...st.src, st.dst].join(", ")}`);
    if (inputs.has(st.dst)) problems.push(`${where}: writes the input '${st.dst}'`);
    if (st.src.includes(st.dst) && !(info.inPlace && st.src[0] === st.dst && st.src.indexOf(st.dst) === 0)) problems.push(`${where}: '${st.dst}' is both read and written`);
    info.src.forEach((want, k) => {
      if (want !== "any" && srcs[k]!.dtype !== want) problems.push(`${where}: source '${st.src[k]}' is ${srcs[k]!.dtype}, expected ${want}`);
    });
    const dstType = info.dst === "same" ? (st.op === "cast" ? st.arg.to : srcs[0]!.dtype) : info.dst;
    if (dst.dtype !== dstType) problems.push(`${where}: destination '${st.dst}' is ${dst.dtype}, expected ${dstType}`);
    // the first source spans the geometry; a second batched source too (add); shared weights have their own layout
    const size = (b: BufDecl, axis: number) => (b.shared ? b.len : g.outer * axis * g.inner);
    if (srcs[0]!.len !== size(srcs[0]!, g.n)) problems.push(`${where}: '${st.src[0]}' has ${srcs[0]!.len} entries, the geometry reads ${g.outer * g.n * g.inner}`);
    if (st.op === "add" && srcs[1]!.len !== srcs[0]!.len) problems.push(`${where}: '${st.src[1]}' has ${srcs[1]!.len} entries, not ${srcs[0]!.len}`);
    if (st.op === "butterfly_pass" && (!srcs[1]!.shared || srcs[1]!.len < (st.arg.factor + 1) * 2 * g.n)) problems.push(`${where}: the weights '${st.src[1]}' must be shared and hold factor ${st.arg.factor}`);
    if (st.op === "matmul") {
      const { blocks, rows, cols, strides } = st.arg, w = srcs[1]!;
      const reach = strides ? (blocks - 1) * strides[0] + (rows - 1) * strides[1] + (cols - 1) * strides[2] + 1 : blocks * rows * cols;
      if (!w.shared || (strides ? w.len < reach : w.len !== reach)) problems.push(`${where}: the weights '${st.src[1]}' must be shared and hold ${strides ? `at least ${reach}` : `${blocks} x ${rows} x ${cols}`} entries`);
    }
    const out = outLength(st);
    if (!(dst.len === g.outer * out * g.inner)) problems.push(`${where}: '${st.dst}' has ${dst.len} entries, the stage writes ${g.outer * out * g.inner}`);
    for (const [t, len] of tableLengths(st)) if (p.tables[t]?.length !== 2 * len) problems.push(`${where}: table '${t}' must hold ${len} complex entries`);
    if (st.op === "gather" || st.op === "place") {
      const idx = p.tables[st.arg.index];
      const bound = st.op === "gather" ? g.n : st.arg.m;
      if (!idx) problems.push(`${where}: no index table '${st.arg.index}'`);
      else if (idx.length !== (st.op === "place" ? g.n : st.arg.m)) problems.push(`${where}: index table '${st.arg.index}' has ${idx.length} entries`);
      else if (idx.some((v) => !Number.isInteger(v) || v >= bound || (st.op === "place" && v < 0))) problems.push(`${where}: index table '${st.arg.index}' has entries outside [0, ${bound})`);
    }
    written.add(st.dst);
  });
  for (const o of p.outputs) if (!written.has(o.name)) problems.push(`output '${o.name}' is never written`);
  return problems;
}

/** One line per stage, for `linc explain --stages`: `stockham(n=1024, r=4, s=16, sign=-1, twiddles="…") t0 -> t1`. */
export function stageLine(st: StageInstr): string {
  // table names are quoted: they may hold spaces and '='
  const args = Object.entries(st.arg).map(([k, v]) => `${k}=${typeof v === "string" ? JSON.stringify(v) : Array.isArray(v) ? `[${v.join(" ")}]` : String(v)}`);
  const g = st.geom;
  const geom = g.outer === 1 && g.inner === 1 ? `n=${g.n}` : `${g.outer}x${g.n}x${g.inner}`;
  return `${st.op}(${[geom, ...args].join(", ")}) ${st.src.join(", ")} -> ${st.dst}`;
}
