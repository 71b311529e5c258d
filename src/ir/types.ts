// Value types of the IR: element dtypes, shapes with symbolic dimensions, tensor and operator types.
export type DType = "f32" | "f64" | "c64" | "c128" | "i64";
export const DTYPES: readonly DType[] = ["f32", "f64", "c64", "c128", "i64"];

/** A dimension: a concrete size, or the name of a run-time (symbolic) size such as `batch`. */
export type Dim = number | string;
export type Shape = readonly Dim[];

export interface TensorType {
  readonly kind: "tensor";
  readonly dtype: DType;
  readonly shape: Shape;
}

/**
 * A linear operator with `rows` x `cols` matrix. `complex`: its matrix has complex entries.
 * `realInput`: it is only defined on real vectors (rdft). `realOutput`: its result is always
 * real (irdft reads a half spectrum and returns a real signal; it is R-linear, not C-linear).
 */
export interface OperatorType {
  readonly kind: "operator";
  readonly rows: number;
  readonly cols: number;
  readonly complex: boolean;
  readonly realInput?: boolean;
  readonly realOutput?: boolean;
  /**
   * Channel axes: a batch of operators, one per channel (diag(d) with d [H, n], say). Absent
   * for one operator; `A @ x` aligns these axes with the axes of x just before the last.
   */
  readonly batch?: Shape;
}

export type Type = TensorType | OperatorType;

export const isComplex = (d: DType): boolean => d === "c64" || d === "c128";
export const isFloat = (d: DType): boolean => d !== "i64";
/** The precision class: f32/c64 are single, f64/c128 double. */
export const isSingle = (d: DType): boolean => d === "f32" || d === "c64";
export const toComplex = (d: DType): DType => (d === "f32" || d === "c64" ? "c64" : "c128");
export const toReal = (d: DType): DType => (d === "f32" || d === "c64" ? "f32" : "f64");
/** Result dtype of combining two float dtypes (complex wins, double wins). */
export function promote(a: DType, b: DType): DType {
  const single = isSingle(a) && isSingle(b);
  const cplx = isComplex(a) || isComplex(b);
  return cplx ? (single ? "c64" : "c128") : single ? "f32" : "f64";
}

export const tensorType = (dtype: DType, shape: Shape): TensorType => ({ kind: "tensor", dtype, shape: [...shape] });
export const operatorType = (
  rows: number,
  cols: number,
  complex: boolean,
  extra: { realInput?: boolean; realOutput?: boolean; batch?: Shape } = {},
): OperatorType => {
  const { batch, ...flags } = extra;
  // an empty batch is one operator: the same type (and hash key) as no batch at all
  return { kind: "operator", rows, cols, complex, ...flags, ...(batch?.length ? { batch: [...batch] } : {}) };
};

/** Shapes with more axes than this are abbreviated in messages (shapeStr); keys use fullShapeStr. */
export const SHAPE_SHOWN_AXES = 8;
/** A shape for people: `[2, 3]`; a very long one abbreviated, `[1, 1, 1, ... (300 axes) ..., 1]`. */
export const shapeStr = (s: Shape): string =>
  s.length <= SHAPE_SHOWN_AXES ? fullShapeStr(s) : `[${s.slice(0, 3).join(", ")}, ... (${s.length} axes) ..., ${s[s.length - 1]}]`;
/** Every axis, for keys and comparisons. */
export const fullShapeStr = (s: Shape): string => `[${s.join(", ")}]`;
export function typeStr(t: Type): string {
  if (t.kind === "tensor") return `${t.dtype}${shapeStr(t.shape)}`;
  const flags = [t.complex ? "complex" : "real", t.realInput ? "real-input" : "", t.realOutput ? "real-output" : ""];
  const channels = t.batch?.length ? `${shapeStr(t.batch)} ` : "";
  return `op<${channels}${t.rows}x${t.cols}, ${flags.filter(Boolean).join(", ")}>`;
}

/** Product of concrete dims; symbolic dims make it undefined. */
export function numel(shape: Shape): number | undefined {
  let p = 1;
  for (const d of shape) {
    if (typeof d !== "number") return undefined;
    p *= d;
  }
  return p;
}

export const isPow2 = (n: number): boolean => Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;
export const log2i = (n: number): number => Math.round(Math.log2(n));
