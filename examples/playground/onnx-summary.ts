// A textual summary of an ONNX model for the code view: header, graph inputs and outputs with
// their types, initializers by dtype and shape (never their data), a count of each op type, then
// one line per node (outputs = OpType(inputs) {attributes}).
import { type AttributeInit, type ModelInit, type TensorInit, type ValueInfoInit, decodeModel } from "../../src/backends/onnx/proto.js";

const DTYPES: Record<number, string> = { 1: "f32", 6: "i32", 7: "i64", 9: "bool", 11: "f64" };
const dtype = (t: number) => DTYPES[t] ?? `type${t}`;
const MAX_LIST = 8;

function valueInfo(v: ValueInfoInit): string {
  const t = v.type?.value?.value;
  if (!t) return `${v.name}: ?`;
  const dims = (t.shape?.dim ?? []).map((d) => (d.value?.case === "dimParam" ? d.value.value : d.value?.case === "dimValue" ? String(d.value.value) : "?"));
  return `${v.name}: ${dtype(t.elemType)}[${dims.join(", ")}]`;
}

const tensor = (t: TensorInit) => `${dtype(t.dataType)}[${t.dims.map(String).join(", ")}]`;

function list(xs: readonly (number | bigint)[]): string {
  const shown = xs.slice(0, MAX_LIST).map(String);
  return `[${shown.join(", ")}${xs.length > MAX_LIST ? `, … (${xs.length})` : ""}]`;
}

function attribute(a: AttributeInit): string {
  const v = a.t ? tensor(a.t) : a.s?.length ? JSON.stringify(new TextDecoder().decode(a.s))
    : a.ints?.length ? list(a.ints) : a.floats?.length ? list(a.floats) : a.i !== undefined && a.type === 2 ? String(a.i) : a.f !== undefined && a.type === 1 ? String(a.f) : "?";
  return `${a.name}=${v}`;
}

/** The summary text of the model in `bytes`. */
export function onnxSummary(bytes: Uint8Array): string {
  const m: ModelInit = decodeModel(bytes);
  const g = m.graph;
  const counts = new Map<string, number>();
  for (const n of g.node) counts.set(n.opType, (counts.get(n.opType) ?? 0) + 1);
  const weights = g.initializer.reduce((acc, t) => acc + t.rawData.length, 0);
  return [
    `# ONNX model: ${bytes.length} bytes; ir_version ${m.irVersion}; opset ${m.opsetImport.map((o) => `${o.domain || "ai.onnx"} ${o.version}`).join(", ")}; producer ${m.producerName} ${m.producerVersion}`,
    `# ${g.node.length} nodes, ${g.initializer.length} initializers (${weights} bytes of data)`,
    `# ops: ${[...counts].sort((a, b) => b[1] - a[1]).map(([op, k]) => `${op} ×${k}`).join(", ")}`,
    "",
    ...g.input.map((v) => `input  ${valueInfo(v)}`),
    ...g.output.map((v) => `output ${valueInfo(v)}`),
    "",
    ...g.initializer.map((t) => `initializer ${t.name}: ${tensor(t)}`),
    "",
    ...g.node.map((n) => `${n.output.join(", ")} = ${n.domain ? `${n.domain}.` : ""}${n.opType}(${n.input.join(", ")})${n.attribute.length ? ` {${n.attribute.map(attribute).join(", ")}}` : ""}`),
    "",
  ].join("\n");
}
