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
}

/** A program with its outputs replaced (what a pass returns). */
export const withOutputs = (p: Program, nodes: readonly Node[]): Program => ({
  ...p,
  outputs: p.outputs.map((o, i) => ({ ...o, node: nodes[i] })),
});

/** The targets a program is lowered for: each has a schedule (src/passes) and a backend (src/backends). */
export type Target = "reference" | "cpu" | "gpujs" | "onnx" | "wasm";
export const TARGETS: readonly Target[] = ["reference", "cpu", "gpujs", "onnx", "wasm"];
