// A small ONNX graph builder: nodes with unique value names, initializers (f32/f64/i64),
// graph inputs and outputs with symbolic dims as dim_param, and the finished ModelProto bytes.
// Constant tensors are deduplicated by content so a shape or twiddle table is stored once.
import { LincError } from "../../ir/index.js";
import { AttrType, DataType, encodeModel, irVersionFor, type AttributeInit, type NodeInit, type TensorInit, type ValueInfoInit } from "./proto.js";

export type Prec = "f32" | "f64";
export type ElemType = Prec | "i64";
export type OnnxDim = number | string;
export type AttrValue = number | string | number[] | { float: number } | { floats: number[] } | { tensor: TensorInit };

/**
 * The most initializer bytes one model may hold: protobuf refuses messages of 2 GiB or more, and
 * the graph's nodes and names need room too, so the initializers stop 64 MiB short of it.
 */
export const MAX_MODEL_BYTES = 2 * 2 ** 30 - 64 * 2 ** 20;

const elemBytes = (t: ElemType) => (t === "f32" ? 4 : 8);

const dataTypeOf = (t: ElemType): number => (t === "f32" ? DataType.FLOAT : t === "f64" ? DataType.DOUBLE : DataType.INT64);

function attribute(name: string, v: AttrValue): AttributeInit {
  if (typeof v === "number") return { name, type: AttrType.INT, i: BigInt(v) };
  if (typeof v === "string") return { name, type: AttrType.STRING, s: new TextEncoder().encode(v) };
  if (Array.isArray(v)) return { name, type: AttrType.INTS, ints: v.map((x) => BigInt(x)) };
  if ("float" in v) return { name, type: AttrType.FLOAT, f: v.float };
  if ("floats" in v) return { name, type: AttrType.FLOATS, floats: v.floats };
  return { name, type: AttrType.TENSOR, t: v.tensor };
}

/** Little-endian bytes of a typed array (the raw_data layout ONNX prescribes). */
function rawBytes(t: ElemType, values: ArrayLike<number> | ArrayLike<bigint>): Uint8Array {
  const n = values.length;
  const buf = new ArrayBuffer(n * (t === "f32" ? 4 : 8));
  const dv = new DataView(buf);
  for (let i = 0; i < n; i++) {
    if (t === "f32") dv.setFloat32(4 * i, Number(values[i]), true);
    else if (t === "f64") dv.setFloat64(8 * i, Number(values[i]), true);
    else dv.setBigInt64(8 * i, BigInt(values[i]), true);
  }
  return new Uint8Array(buf);
}

function valueInfo(name: string, t: ElemType, dims: readonly OnnxDim[], doc?: string): ValueInfoInit {
  return {
    name,
    docString: doc,
    type: {
      value: {
        case: "tensorType",
        value: {
          elemType: dataTypeOf(t),
          shape: { dim: dims.map((d) => ({ value: typeof d === "number" ? { case: "dimValue" as const, value: BigInt(d) } : { case: "dimParam" as const, value: d } })) },
        },
      },
    },
  };
}

export class GraphBuilder {
  readonly nodes: NodeInit[] = [];
  readonly initializers: TensorInit[] = [];
  readonly inputs: ValueInfoInit[] = [];
  readonly outputs: ValueInfoInit[] = [];
  private used = new Set<string>();
  private constCache = new Map<string, { name: string; bytes: Uint8Array }[]>();
  /** Elements stored in initializers, by name (model-size accounting). */
  readonly initSizes = new Map<string, number>();
  /** Bytes stored in initializers so far (held under MAX_MODEL_BYTES). */
  initBytes = 0;

  /** Account for a new initializer of `count` elements, refusing (E0801) past MAX_MODEL_BYTES before its bytes exist. */
  private reserveBytes(name: string, t: ElemType, count: number): void {
    const bytes = count * elemBytes(t);
    if (this.initBytes + bytes > MAX_MODEL_BYTES)
      throw new LincError(
        "E0801",
        `the onnx model's initializers would reach ${(this.initBytes + bytes) / 2 ** 20 | 0} MiB with '${name}' (${(bytes / 2 ** 20).toFixed(1)} MiB), over the limit of ${MAX_MODEL_BYTES / 2 ** 20} MiB (protobuf cannot encode a model of 2 GiB)`,
      );
    this.initBytes += bytes;
  }

  /** A fresh value name based on `hint`. */
  fresh(hint: string): string {
    const base = hint.replace(/[^A-Za-z0-9_.]/g, "_") || "v";
    let name = base, i = 1;
    while (this.used.has(name)) name = `${base}_${i++}`;
    this.used.add(name);
    return name;
  }

  /** Reserve an exact name (graph inputs and outputs keep the spec's names). */
  reserve(name: string): string {
    if (this.used.has(name)) throw new Error(`internal: ONNX value name '${name}' used twice`);
    this.used.add(name);
    return name;
  }

  /** Add a node; returns its output names (one unless `nOut` says otherwise). */
  op(opType: string, inputs: readonly string[], attrs: Record<string, AttrValue | undefined> = {}, hint = opType.toLowerCase(), nOut = 1): string[] {
    const outputs = Array.from({ length: nOut }, () => this.fresh(hint));
    const attribute_ = Object.entries(attrs).filter(([, v]) => v !== undefined).map(([k, v]) => attribute(k, v!));
    this.nodes.push({ input: [...inputs], output: outputs, name: this.fresh(`n_${opType}`), opType, attribute: attribute_ });
    return outputs;
  }

  /** One-output node. */
  op1(opType: string, inputs: readonly string[], attrs: Record<string, AttrValue | undefined> = {}, hint?: string): string {
    return this.op(opType, inputs, attrs, hint)[0];
  }

  /** An initializer holding `values` (row-major) with shape `dims`; identical constants are shared. */
  constant(t: ElemType, dims: readonly number[], values: ArrayLike<number> | ArrayLike<bigint>, hint = "const"): string {
    if (this.initBytes + values.length * elemBytes(t) > MAX_MODEL_BYTES) this.reserveBytes(hint, t, values.length); // refuses before encoding
    const bytes = rawBytes(t, values);
    const key = `${t}|${dims.join(",")}|${hashBytes(bytes)}`;
    const bucket = this.constCache.get(key) ?? [];
    const hit = bucket.find((c) => sameBytes(c.bytes, bytes));
    if (hit) return hit.name;
    const name = this.fresh(hint);
    this.reserveBytes(name, t, values.length);
    this.initializers.push({ name, dims: dims.map((d) => BigInt(d)), dataType: dataTypeOf(t), rawData: bytes });
    this.initSizes.set(name, values.length);
    bucket.push({ name, bytes });
    this.constCache.set(key, bucket);
    return name;
  }

  /** A named initializer (a param), never deduplicated. */
  initializer(name: string, t: ElemType, dims: readonly number[], values: ArrayLike<number> | ArrayLike<bigint>): string {
    this.reserveBytes(name, t, values.length);
    this.reserve(name);
    this.initializers.push({ name, dims: dims.map((d) => BigInt(d)), dataType: dataTypeOf(t), rawData: rawBytes(t, values) });
    this.initSizes.set(name, values.length);
    return name;
  }

  i64(values: readonly number[], hint = "shape"): string {
    return this.constant("i64", [values.length], values.map((v) => BigInt(v)), hint);
  }

  scalar(v: number, t: Prec, hint = "scalar"): string {
    return this.constant(t, [], [v], hint);
  }

  input(name: string, t: ElemType, dims: readonly OnnxDim[], doc?: string): string {
    this.reserve(name);
    this.inputs.push(valueInfo(name, t, dims, doc));
    return name;
  }

  output(name: string, t: ElemType, dims: readonly OnnxDim[], doc?: string): void {
    this.outputs.push(valueInfo(name, t, dims, doc));
  }

  /** Serialise as a ModelProto for `opset`, with the IR version that matches it. */
  toModel(opts: { opset: number; doc?: string; graphName?: string; producerVersion?: string; metadata?: Record<string, string> }): Uint8Array {
    return encodeModel({
      irVersion: BigInt(irVersionFor(opts.opset)),
      opsetImport: [{ domain: "", version: BigInt(opts.opset) }],
      producerName: "linc",
      producerVersion: opts.producerVersion ?? "0.1.0",
      docString: opts.doc ?? "",
      graph: { name: opts.graphName ?? "linc", node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs },
      metadataProps: Object.entries(opts.metadata ?? {}).map(([key, value]) => ({ key, value })),
    });
  }
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** FNV-1a over the bytes, mixed with the length: a cache key; equal keys are still compared byte by byte. */
function hashBytes(b: Uint8Array): string {
  let h1 = 0x811c9dc5, h2 = 0x01000193 ^ b.length;
  for (let i = 0; i < b.length; i++) {
    h1 = Math.imul(h1 ^ b[i], 16777619);
    h2 = Math.imul(h2 ^ b[i], 2246822519) ^ (h2 >>> 13);
  }
  return `${b.length}:${(h1 >>> 0).toString(16)}${(h2 >>> 0).toString(16)}`;
}
