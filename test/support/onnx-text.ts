// A deterministic, human-readable text of an ONNX model (for the emitted-code snapshots): the
// model header, graph inputs and outputs, initializers by name, dtype, shape and a short hash of
// their bytes (never the raw data), then one line per node with its op type, inputs, outputs and
// attributes. Tensors of at most SMALL elements (shapes, axes, scalars) show their values.
import { createHash } from "node:crypto";
import { decodeModel } from "../../src/backends/onnx/index.js";

const SMALL = 16;
const DTYPES: Record<number, [string, number]> = { 1: ["f32", 4], 6: ["i32", 4], 7: ["i64", 8], 9: ["bool", 1], 11: ["f64", 8] };
const hash = (b: Uint8Array) => createHash("sha256").update(b).digest("hex").slice(0, 12);

// bufbuild's plain messages: int64 fields are bigint, bytes Uint8Array, oneofs {case, value}
type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any

function values(t: Any, n: number): string {
  const raw: Uint8Array = t.rawData ?? new Uint8Array();
  let xs: (number | bigint)[];
  if (raw.length) {
    const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const [name, size] = DTYPES[t.dataType] ?? ["?", 1];
    xs = Array.from({ length: n }, (_, i) =>
      name === "f32" ? dv.getFloat32(i * size, true) : name === "f64" ? dv.getFloat64(i * size, true)
      : name === "i64" ? dv.getBigInt64(i * size, true) : name === "i32" ? dv.getInt32(i * size, true) : dv.getUint8(i));
  } else xs = [...(t.floatData ?? []), ...(t.doubleData ?? []), ...(t.int64Data ?? []), ...(t.int32Data ?? [])];
  return `[${xs.map(String).join(", ")}]`;
}

function tensor(t: Any): string {
  const dims = (t.dims as bigint[]).map(Number);
  const n = dims.reduce((a, b) => a * b, 1);
  const dtype = DTYPES[t.dataType]?.[0] ?? `type${t.dataType}`;
  const raw: Uint8Array = t.rawData ?? new Uint8Array();
  const bytes = raw.length ? raw : new TextEncoder().encode(JSON.stringify([t.floatData, t.doubleData, t.int64Data?.map(String), t.int32Data]));
  const data = n <= SMALL ? values(t, n) : `sha256:${hash(bytes)}`;
  return `${dtype}[${dims.join(", ")}] ${data}`;
}

function attribute(a: Any): string {
  const v =
    a.type === 1 ? String(a.f) : a.type === 2 ? String(a.i) : a.type === 3 ? JSON.stringify(new TextDecoder().decode(a.s))
    : a.type === 4 ? tensor(a.t) : a.type === 6 ? `[${a.floats.join(", ")}]` : a.type === 7 ? `[${a.ints.join(", ")}]`
    : a.type === 8 ? `[${a.strings.map((s: Uint8Array) => JSON.stringify(new TextDecoder().decode(s))).join(", ")}]`
    : `<attribute type ${a.type}>`;
  return `${a.name}=${v}`;
}

function valueInfo(v: Any): string {
  const t = v.type?.value;
  if (v.type?.value === undefined || v.type.value.case !== undefined && v.type.value.case !== "tensorType") return `${v.name}: ?`;
  const tt = t.value ?? t;
  const dims = (tt.shape?.dim ?? []).map((d: Any) => (d.value?.case === "dimParam" ? d.value.value : d.value?.case === "dimValue" ? String(d.value.value) : "?"));
  return `${v.name}: ${DTYPES[tt.elemType]?.[0] ?? `type${tt.elemType}`}[${dims.join(", ")}]`;
}

/** The text of a model. */
export function onnxText(bytes: Uint8Array): string {
  const m = decodeModel(bytes) as Any;
  const g = m.graph;
  const lines = [
    `ir_version ${m.irVersion}; opset ${m.opsetImport.map((o: Any) => `${o.domain || "ai.onnx"}:${o.version}`).join(", ")}; producer ${m.producerName} ${m.producerVersion}`,
    `graph ${g.name}; doc ${m.docString.length} chars sha256:${hash(new TextEncoder().encode(m.docString))}`,
    ...(m.metadataProps ?? []).map((p: Any) => `metadata ${p.key} = ${JSON.stringify(p.value)}`),
    "",
    ...g.input.map((v: Any) => `input  ${valueInfo(v)}`),
    ...g.output.map((v: Any) => `output ${valueInfo(v)}`),
    "",
    ...g.initializer.map((t: Any) => `initializer ${t.name}: ${tensor(t)}`),
    "",
    ...g.node.map((n: Any) =>
      `${n.output.join(", ")} = ${n.domain ? `${n.domain}.` : ""}${n.opType}(${n.input.join(", ")})` +
      `${n.attribute.length ? ` {${n.attribute.map(attribute).join(", ")}}` : ""}${n.name ? `  # ${n.name}` : ""}`),
    "",
  ];
  return lines.join("\n");
}
