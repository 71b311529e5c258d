// The ONNX message schema (the subset of onnx.proto linc writes), declared as a protobuf
// FileDescriptorProto and turned into runtime message types by @bufbuild/protobuf's reflection
// registry. Encoding and decoding go through that library; linc never writes wire bytes itself.
// Field numbers follow onnx/onnx.proto3 (github.com/onnx/onnx); they are part of the ONNX format.
import { create, createFileRegistry, fromBinary, toBinary, type DescMessage } from "@bufbuild/protobuf";
import {
  FieldDescriptorProto_Label as Label,
  FieldDescriptorProto_Type as T,
  FileDescriptorProtoSchema,
} from "@bufbuild/protobuf/wkt";

/** [name, number, type, repeated?, message type name?, oneof index?] */
type F = [string, number, T, boolean?, string?, number?];
interface M {
  name: string;
  fields: F[];
  nested?: M[];
  oneofs?: string[];
}

const S = T.STRING, I64 = T.INT64, I32 = T.INT32, MSG = T.MESSAGE;

const SCHEMA: M[] = [
  {
    name: "ModelProto",
    fields: [
      ["ir_version", 1, I64], ["opset_import", 8, MSG, true, ".onnx.OperatorSetIdProto"],
      ["producer_name", 2, S], ["producer_version", 3, S], ["domain", 4, S], ["model_version", 5, I64],
      ["doc_string", 6, S], ["graph", 7, MSG, false, ".onnx.GraphProto"],
      ["metadata_props", 14, MSG, true, ".onnx.StringStringEntryProto"],
    ],
  },
  { name: "OperatorSetIdProto", fields: [["domain", 1, S], ["version", 2, I64]] },
  { name: "StringStringEntryProto", fields: [["key", 1, S], ["value", 2, S]] },
  {
    name: "GraphProto",
    fields: [
      ["node", 1, MSG, true, ".onnx.NodeProto"], ["name", 2, S], ["initializer", 5, MSG, true, ".onnx.TensorProto"],
      ["doc_string", 10, S], ["input", 11, MSG, true, ".onnx.ValueInfoProto"],
      ["output", 12, MSG, true, ".onnx.ValueInfoProto"], ["value_info", 13, MSG, true, ".onnx.ValueInfoProto"],
    ],
  },
  {
    name: "NodeProto",
    fields: [
      ["input", 1, S, true], ["output", 2, S, true], ["name", 3, S], ["op_type", 4, S], ["domain", 7, S],
      ["attribute", 5, MSG, true, ".onnx.AttributeProto"], ["doc_string", 6, S],
    ],
  },
  {
    name: "AttributeProto",
    fields: [
      ["name", 1, S], ["doc_string", 13, S], ["type", 20, I32], ["f", 2, T.FLOAT], ["i", 3, I64], ["s", 4, T.BYTES],
      ["t", 5, MSG, false, ".onnx.TensorProto"], ["g", 6, MSG, false, ".onnx.GraphProto"],
      ["floats", 7, T.FLOAT, true], ["ints", 8, I64, true], ["strings", 9, T.BYTES, true],
    ],
  },
  { name: "ValueInfoProto", fields: [["name", 1, S], ["type", 2, MSG, false, ".onnx.TypeProto"], ["doc_string", 3, S]] },
  {
    name: "TensorProto",
    fields: [
      ["dims", 1, I64, true], ["data_type", 2, I32], ["float_data", 4, T.FLOAT, true], ["int32_data", 5, I32, true],
      ["int64_data", 7, I64, true], ["name", 8, S], ["doc_string", 12, S], ["raw_data", 9, T.BYTES],
      ["double_data", 10, T.DOUBLE, true],
    ],
  },
  {
    name: "TensorShapeProto",
    fields: [["dim", 1, MSG, true, ".onnx.TensorShapeProto.Dimension"]],
    nested: [{ name: "Dimension", oneofs: ["value"], fields: [["dim_value", 1, I64, false, undefined, 0], ["dim_param", 2, S, false, undefined, 0], ["denotation", 3, S]] }],
  },
  {
    name: "TypeProto",
    oneofs: ["value"],
    fields: [["tensor_type", 1, MSG, false, ".onnx.TypeProto.Tensor", 0], ["denotation", 6, S]],
    nested: [{ name: "Tensor", fields: [["elem_type", 1, I32], ["shape", 2, MSG, false, ".onnx.TensorShapeProto"]] }],
  },
];

const toDescriptor = (m: M): object => ({
  name: m.name,
  field: m.fields.map(([name, number, type, repeated, typeName, oneofIndex]) => ({
    name, number, type, typeName, oneofIndex,
    jsonName: name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
    label: repeated ? Label.REPEATED : Label.OPTIONAL,
  })),
  nestedType: (m.nested ?? []).map(toDescriptor),
  oneofDecl: (m.oneofs ?? []).map((name) => ({ name })),
});

const file = create(FileDescriptorProtoSchema, {
  name: "onnx.proto3",
  package: "onnx",
  syntax: "proto3",
  // the descriptors are built from the table above at load time; the library types them as literal init objects
  messageType: SCHEMA.map(toDescriptor) as any,
});
const registry = createFileRegistry(file, () => undefined);

function message(name: string): DescMessage {
  const d = registry.getMessage(`onnx.${name}`);
  if (!d) throw new Error(`internal: ONNX schema lacks ${name}`);
  return d;
}
const ModelProto = message("ModelProto");

// Plain shapes of the messages as built (bufbuild's reflection accepts them as initialisers;
// int64 fields are bigint, bytes are Uint8Array, oneofs are {case, value}).
export interface TensorInit {
  name: string;
  dims: bigint[];
  dataType: number;
  rawData: Uint8Array;
}
export interface AttributeInit {
  name: string;
  type: number;
  f?: number;
  i?: bigint;
  s?: Uint8Array;
  t?: TensorInit;
  floats?: number[];
  ints?: bigint[];
}
export interface NodeInit {
  input: string[];
  output: string[];
  name: string;
  opType: string;
  domain?: string;
  attribute: AttributeInit[];
}
export interface ValueInfoInit {
  name: string;
  type: { value: { case: "tensorType"; value: { elemType: number; shape: { dim: { value: { case: "dimValue"; value: bigint } | { case: "dimParam"; value: string } }[] } } } };
  docString?: string;
}
export interface ModelInit {
  irVersion: bigint;
  opsetImport: { domain: string; version: bigint }[];
  producerName: string;
  producerVersion: string;
  docString: string;
  graph: { name: string; node: NodeInit[]; initializer: TensorInit[]; input: ValueInfoInit[]; output: ValueInfoInit[]; docString?: string };
  metadataProps?: { key: string; value: string }[];
}

/** Serialise a model through the protobuf library. */
// ModelProto is a runtime-built descriptor (no generated message types): ModelInit is its shape
export const encodeModel = (m: ModelInit): Uint8Array => toBinary(ModelProto, create(ModelProto, m as any));

/** Parse model bytes back into plain message objects (tests and tools inspect models with it). */
export const decodeModel = (bytes: Uint8Array): ModelInit => fromBinary(ModelProto, bytes) as unknown as ModelInit;

/** TensorProto.DataType values linc uses. */
export const DataType = { FLOAT: 1, INT64: 7, DOUBLE: 11 } as const;
/** AttributeProto.AttributeType values linc uses. */
export const AttrType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;

/**
 * The IR version that goes with an opset (onnx/docs/Versioning.md: opset 17 shipped with
 * IR 8 in ONNX 1.12, opset 20 with IR 9 in ONNX 1.15).
 */
export function irVersionFor(opset: number): number {
  if (opset <= 17) return 8;
  if (opset <= 18) return 8;
  if (opset <= 20) return 9;
  return 10;
}
