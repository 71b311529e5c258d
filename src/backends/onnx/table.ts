// The ONNX backend's op table: every kernel op (src/ir/ops.ts) with its rendering — operators
// (how `A @ x` renders: operators.ts, toeplitz.ts) and tensors (tensors.ts) — or the reason it
// has none. tsc checks that it covers every kernel op; an Unsupported entry is E0801.
import type { KernelOp } from "../../ir/index.js";
import type { OpTable, Unsupported } from "../backend.js";
import type { KernelOperatorOp, KernelTensorOp, OperatorRule, TensorRule } from "./ctx.js";
import { OPERATORS } from "./operators.js";
import { TENSORS } from "./tensors.js";

type Render<K extends KernelOp> = K extends KernelOperatorOp ? OperatorRule<K> : K extends KernelTensorOp ? TensorRule<K> : never;

export const ONNX_TABLE: { readonly [K in KernelOp]: Render<K> | Unsupported } = { ...OPERATORS, ...TENSORS };

/** The table as the Backend interface's OpTable (a rule's node type narrowed to its own op). */
export const onnxTable: OpTable<unknown> = ONNX_TABLE;
