// A checked program: the declarations of a spec and the graph its outputs root.
import type { Loc } from "./errors.js";
import type { Node } from "./node.js";

export interface Decl {
  name: string;
  node: Node;
  loc?: Loc;
}

export interface Program {
  file: string;
  source: string;
  consts: Map<string, number>;
  inputs: Decl[];
  params: Decl[];
  outputs: Decl[];
  /** What the front end warns about in a spec that checks (an unused input, say); none when absent. */
  warnings?: readonly Warning[];
  /** The schedule's choices for the renderer that are no node's (lowerForBackend records them): see RenderChoices. */
  render?: RenderChoices;
}

/**
 * Schedule-level choices a target's renderer reads (Halide's schedule beside the algorithm):
 * recorded on the lowered program, never on an op's plan, since they say how one backend runs
 * a stage program and not what it computes.
 */
export interface RenderChoices {
  /**
   * Complex FFTs (by length and precision) the renderer runs as the cpu backend's JavaScript
   * kernel rather than its own (wasm: a short transform costs more in its call and copies than
   * in its passes): those shorter than `below`, unless `measured` (a wisdom, `linc tune`) says
   * otherwise for that length: key "n:f32" or "n:f64", true for JavaScript.
   */
  readonly jsFft?: {
    readonly below: Readonly<Record<"f32" | "f64", number>>;
    readonly measured: Readonly<Record<string, boolean>>;
  };
}

/** Whether the renderer runs the complex FFT of n points in this precision as JavaScript (RenderChoices.jsFft). */
export function runsJs(c: RenderChoices | undefined, n: number, precision: "f32" | "f64"): boolean {
  const js = c?.jsFft;
  if (!js) return false;
  const m = js.measured[`${n}:${precision}`];
  return m ?? n < js.below[precision];
}

/** A warning about a spec that checks: `file:line:col: warning[W0101]: message`. */
export interface Warning {
  readonly code: WarningCode;
  readonly message: string;
  readonly loc: { readonly file: string; readonly line: number; readonly col: number; readonly length?: number };
}

/** The catalogue of warning codes (errors are in errors.ts's ERRORS). */
export const WARNINGS = {
  W0101: "unused name",
} as const;
export type WarningCode = keyof typeof WARNINGS;

/** A program with its outputs replaced (what a pass returns). */
export const withOutputs = (p: Program, nodes: readonly Node[]): Program => ({
  ...p,
  outputs: p.outputs.map((o, i) => ({ ...o, node: nodes[i] })),
});

/** The targets a program is lowered for: each has a schedule (src/passes) and a backend (src/backends). */
export type Target = "reference" | "cpu" | "gpujs" | "onnx" | "wasm";
export const TARGETS: readonly Target[] = ["reference", "cpu", "gpujs", "onnx", "wasm"];
