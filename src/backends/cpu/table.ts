// The cpu backend's op table: every kernel op (src/ir/ops.ts) with its rendering, or the reason
// the cpu cannot render it. Operators (how `A @ x` is emitted) and tensors (how a value is
// written) each have their own table; together they cover the kernel op set exactly once, and
// tsc reports an op either forgets.
import type { OpTable } from "../backend.js";
import { OPERATORS } from "./operators.js";
import { TENSORS } from "./tensors.js";

/** OPERATORS covers the operator kernel ops, TENSORS the tensor ones: an OpTable only if no op is missing. */
export const CPU_TABLE: OpTable<unknown> = { ...OPERATORS, ...TENSORS };
