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
