// Small pattern helpers the rule families share.
import { type Node, type OperatorType, type TensorType, callConstructor, mk, operatorType } from "../../ir/index.js";

export const op = (n: Node) => n.type as OperatorType;
export const tt = (n: Node) => n.type as TensorType;
export const is = (n: Node | undefined, ...ops: string[]): n is Node => !!n && ops.includes(n.op);


/** A node with the same op, arg and sources but a new type (used when a rewrite keeps structure). */
export const retype = (n: Node, rows: number, cols: number, complex: boolean) => mk(n.op, operatorType(rows, cols, complex), n.src, n.arg);

/** Constructors through the catalogue, so their type rules run. */
const call = (name: string, ...values: Node[]): Node => callConstructor(name, values.map((value) => ({ value }))) as Node;
export const kron = (ops: Node[]) => call("kron", ...ops);
export const blockdiag = (ops: Node[]) => call("blockdiag", ...ops);
export const diag = (v: Node) => call("diag", v);
