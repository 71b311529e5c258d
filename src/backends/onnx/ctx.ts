// What the ONNX backend's op rules see while rendering one lowered graph: the graph builder, the
// options, the values of tensor nodes, and compile-time values (staging: a node whose stage is
// "const" folds through the reference interpreter). And the shapes of the rule tables.
import { type CMat, type CTensor, type FftRoute, type KernelOp, type Node, type NodeOf, type OperatorOp, type OperatorType, type TensorOp, type TensorType, LincError } from "../../ir/index.js";
import type { Unsupported } from "../backend.js";
import type { GraphBuilder } from "./graph.js";
import type { Val } from "./complex.js";

export interface Ctx {
  g: GraphBuilder;
  opset: number;
  /** The FFT route the schedule planned with (`--fft`, PassOptions.fft): "dft" renders direct DFT stages by ONNX's DFT op. */
  fft: FftRoute;
  /** "auto": tiny known operators go dense; "always": follow the structure whenever a rule exists. */
  structured: "auto" | "always";
  /** The value of a tensor node (rendered once). */
  tensor(n: Node): Val;
  /** A declared graph input or param of that name. */
  declared(name: string): Val;
  /** The dense matrix of an operator when its sources are all known at compile time. */
  dense(A: Node): CMat | undefined;
  /** The value of a tensor known at compile time (undefined when it depends on run-time data or is too large to fold). */
  known(n: Node): CTensor | undefined;
  /** A compile-time value as an initializer. */
  constant(n: Node, v: CTensor): Val;
}

export type KernelOperatorOp = KernelOp & OperatorOp;
export type KernelTensorOp = KernelOp & TensorOp;
/** How `A @ x` (along the last axis of x) renders. */
export type OperatorRule<K extends KernelOperatorOp> = (c: Ctx, A: NodeOf<K>, x: Val) => Val;
/** How a tensor node renders, its sources through c.tensor. */
export type TensorRule<K extends KernelTensorOp> = (c: Ctx, n: NodeOf<K>) => Val;
export type OperatorTable = { readonly [K in KernelOperatorOp]: OperatorRule<K> | Unsupported };
export type TensorTable = { readonly [K in KernelTensorOp]: TensorRule<K> | Unsupported };

export const opType = (A: Node) => A.type as OperatorType;
export const tensorType = (n: Node) => n.type as TensorType;

/** E0801 for an op the table does not render (the message checkSupported gives). */
export const rejected = (op: string, reason: string) => new LincError("E0801", `op '${op}' is not supported by the onnx backend: ${reason}`);
