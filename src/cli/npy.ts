// NumPy .npy files: the format arrays cross linc's command-line boundary in.
// Format (numpy/lib/format.py): magic "\x93NUMPY", major, minor, a little-endian header length
// (uint16 for version 1.0, uint32 for 2.0 and 3.0), then a Python dict literal
// {'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), } padded with spaces to a multiple
// of 64 bytes and ended by '\n', then the raw C-order data.
import { LincError } from "../ir/errors.js";
import { type HostArray, type HostData, hostLength } from "../ir/host.js";
import { readRange, regularFileSize, writeAtomic } from "./files.js";
import type { DType } from "../ir/types.js";

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

/** linc dtype <-> numpy type code without byte order, and the size in bytes of one scalar. */
const CODES: Record<DType, { code: string; scalarBytes: number }> = {
  f32: { code: "f4", scalarBytes: 4 },
  f64: { code: "f8", scalarBytes: 8 },
  c64: { code: "c8", scalarBytes: 4 }, // two float32 per element
  c128: { code: "c16", scalarBytes: 8 }, // two float64 per element
  i64: { code: "i8", scalarBytes: 8 },
};
const BY_CODE = new Map(Object.entries(CODES).map(([d, c]) => [c.code, d as DType]));

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const cannotRead = (file: string, why: string): never => {
  throw new LincError("E0701", `cannot read ${file}: ${why}`);
};
const unsupported = (file: string, why: string): never => {
  throw new LincError("E0702", `unsupported .npy file ${file}: ${why}`);
};

// ---------------------------------------------------------------- header dict parsing

type PyValue = string | boolean | number | PyValue[] | { [k: string]: PyValue };

/** How deep a header's brackets may nest (numpy writes a dict holding a tuple: 2). */
const MAX_HEADER_NESTING = 8;

/** A parser for the small Python-literal subset numpy writes: dicts, tuples, strings, ints, bools. */
function parsePyLiteral(text: string): PyValue {
  let i = 0, depth = 0;
  const atom = /(True|False|-?\d+)L?/y; // sticky: matched at i without copying the rest of the text
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const expect = (c: string) => {
    ws();
    if (text[i] !== c) throw new Error(`expected '${c}' at offset ${i}`);
    i++;
  };
  const value = (): PyValue => {
    ws();
    const c = text[i];
    // (recursion bounded: 10 000 nested parens overflowed the stack)
    if ((c === "{" || c === "(" || c === "[") && ++depth > MAX_HEADER_NESTING) throw new Error(`brackets nested more than ${MAX_HEADER_NESTING} deep`);
    if (c === "{") {
      i++;
      const out: { [k: string]: PyValue } = Object.create(null); // a '__proto__' key is a key like any other
      for (ws(); text[i] !== "}"; ws()) {
        const k = value();
        if (typeof k !== "string") throw new Error("dict keys must be strings");
        expect(":");
        out[k] = value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] !== "}") throw new Error(`expected ',' or '}' at offset ${i}`);
      }
      i++;
      depth--;
      return out;
    }
    if (c === "(" || c === "[") {
      const close = c === "(" ? ")" : "]";
      i++;
      const out: PyValue[] = [];
      for (ws(); text[i] !== close; ws()) {
        out.push(value());
        ws();
        if (text[i] === ",") i++;
        else if (text[i] !== close) throw new Error(`expected ',' or '${close}' at offset ${i}`);
      }
      i++;
      depth--;
      return out;
    }
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new Error("unterminated string");
      const s = text.slice(i + 1, end);
      i = end + 1;
      return s;
    }
    atom.lastIndex = i;
    const m = atom.exec(text); // 'L': Python 2 long integers
    if (!m) throw new Error(`unexpected '${text.slice(i, i + 10)}' at offset ${i}`);
    i += m[0].length;
    return m[1] === "True" ? true : m[1] === "False" ? false : Number(m[1]);
  };
  const v = value();
  ws();
  if (i !== text.length) throw new Error(`trailing text at offset ${i}`);
  return v;
}

interface Header {
  dtype: DType;
  bigEndian: boolean;
  shape: number[];
}

function parseHeader(text: string, file: string): Header {
  let dict: PyValue;
  try {
    dict = parsePyLiteral(text);
  } catch (e: any) {
    return cannotRead(file, `malformed header (${e.message})`);
  }
  if (typeof dict !== "object" || Array.isArray(dict)) return cannotRead(file, "header is not a dict");
  const { descr, fortran_order, shape } = dict as Record<string, PyValue>;
  if (typeof descr !== "string") {
    return unsupported(file, `dtype ${JSON.stringify(descr)} (structured dtypes are not supported; use f4, f8, c8, c16 or i8)`);
  }
  if (typeof fortran_order !== "boolean") return cannotRead(file, "header has no boolean 'fortran_order'");
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === "number" && Number.isSafeInteger(d) && d >= 0))
    return cannotRead(file, `header has an invalid 'shape' ${JSON.stringify(shape)}`);
  const order = descr[0];
  const code = "<>=|".includes(order) ? descr.slice(1) : descr;
  const dtype = BY_CODE.get(code);
  if (!dtype) return unsupported(file, `dtype '${descr}' (linc reads f4 -> f32, f8 -> f64, c8 -> c64, c16 -> c128, i8 -> i64)`);
  // '|' means "byte order not applicable", which numpy only writes for one-byte types.
  if (order === "|") return unsupported(file, `dtype '${descr}' has no byte order`);
  if (fortran_order) return unsupported(file, "fortran_order is True; linc reads C-order arrays only (save np.ascontiguousarray(a))");
  const bigEndian = order === ">" || (order === "=" && !HOST_LITTLE_ENDIAN);
  return { dtype, bigEndian, shape: shape as number[] };
}

// ---------------------------------------------------------------- reading

/** Reverse the bytes of every `width`-byte word, in place. */
function swapBytes(bytes: Uint8Array, width: number): void {
  for (let o = 0; o < bytes.length; o += width)
    for (let a = o, b = o + width - 1; a < b; a++, b--) {
      const t = bytes[a];
      bytes[a] = bytes[b];
      bytes[b] = t;
    }
}

/** Where a .npy file's data lies and what it holds, from its first bytes and its total size. */
interface Layout extends Header {
  dataStart: number;
  /** Bytes the header's shape and dtype need. */
  expected: number;
}

/** Longest header readNpy accepts (numpy's own reader refuses more than 10000 bytes by default). */
const MAX_HEADER_BYTES = 1024 * 1024;

/** The prefix length readNpy reads first: magic, version and header length. */
const PRELUDE = 12;

/** Header length declared by a prefix of at least PRELUDE bytes (or the whole file). */
function headerLength(buf: Uint8Array, file: string): { start: number; headerLen: number } {
  if (buf.length < 10 || MAGIC.some((b, k) => buf[k] !== b)) return cannotRead(file, "not a .npy file (bad magic string)");
  const major = buf[6];
  if (major < 1 || major > 3) return unsupported(file, `.npy format version ${major}.${buf[7]} (linc reads 1.0, 2.0 and 3.0)`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const lenBytes = major === 1 ? 2 : 4;
  if (buf.length < 8 + lenBytes) return cannotRead(file, "truncated header");
  return { start: 8 + lenBytes, headerLen: major === 1 ? view.getUint16(8, true) : view.getUint32(8, true) };
}

/**
 * Parse the header in `buf` (the file's first bytes, at least through the header) and check the
 * file's total `size` against what the shape and dtype need, before any data is read or allocated.
 */
function layoutOf(buf: Uint8Array, size: number, file: string): Layout {
  const { start, headerLen } = headerLength(buf, file);
  if (size < start + headerLen) return cannotRead(file, `truncated header (needs ${headerLen} bytes, file has ${size - start})`);
  const headerBytes = buf.subarray(start, start + headerLen);
  const text = new TextDecoder(buf[6] === 3 ? "utf-8" : "latin1").decode(headerBytes).trim();
  const header = parseHeader(text, file);
  const { dtype, shape } = header;

  // Compare sizes before allocating: a header cannot make linc reserve memory the file lacks.
  const expected = shape.reduce((a, b) => a * b, 1) * (dtype === "c64" || dtype === "c128" ? 2 : 1) * CODES[dtype].scalarBytes;
  const dataStart = start + headerLen;
  const found = size - dataStart;
  if (found < expected) return cannotRead(file, `truncated data: shape (${shape.join(", ")}) of ${dtype} needs ${expected} bytes, file has ${found}`);
  if (found > expected) return cannotRead(file, `${found - expected} unexpected bytes after the data of shape (${shape.join(", ")}) of ${dtype}`);
  return { ...header, dataStart, expected };
}

/** The array of a file's data bytes (exactly `expected`, owned: it is swapped in place). */
function arrayOf(l: Layout, bytes: Uint8Array): HostArray {
  const { dtype, shape, bigEndian } = l;
  const scalarBytes = CODES[dtype].scalarBytes;
  if (bigEndian !== !HOST_LITTLE_ENDIAN) swapBytes(bytes, scalarBytes);
  const n = hostLength(dtype, shape);
  const data: HostData =
    dtype === "i64" ? new BigInt64Array(bytes.buffer, bytes.byteOffset, n) : scalarBytes === 4 ? new Float32Array(bytes.buffer, bytes.byteOffset, n) : new Float64Array(bytes.buffer, bytes.byteOffset, n);
  return { dtype, shape, data };
}

/** Decode the bytes of a .npy file; `file` names it in errors. */
export function decodeNpy(buf: Uint8Array, file = "<buffer>"): HostArray {
  const l = layoutOf(buf, buf.length, file);
  // Copy into a fresh, aligned buffer (typed arrays need offsets aligned to their element size;
  // and a Node Buffer's slice() is a view into a shared pool, so copy explicitly).
  const bytes = new Uint8Array(l.expected);
  bytes.set(buf.subarray(l.dataStart, l.dataStart + l.expected));
  return arrayOf(l, bytes);
}

/**
 * The header of a .npy file, read and checked against the file's size without reading the data
 * (E0701 for a missing, non-regular, malformed or wrongly sized file; E0702 unsupported).
 */
function readLayout(file: string): Layout {
  const fail = (why: string) => cannotRead(file, why);
  const size = regularFileSize(file, fail);
  const prelude = readRange(file, 0, Math.min(size, PRELUDE), fail);
  const { start, headerLen } = headerLength(prelude, file);
  if (headerLen > MAX_HEADER_BYTES) return cannotRead(file, `header of ${headerLen} bytes is too long (linc reads headers up to ${MAX_HEADER_BYTES} bytes)`);
  const head = start + headerLen <= size ? readRange(file, 0, start + headerLen, fail) : prelude;
  return layoutOf(head, size, file);
}

/** A .npy file's dtype and shape, from its header only (the file's size is checked too). */
export function readNpyHeader(file: string): { dtype: DType; shape: number[] } {
  const { dtype, shape } = readLayout(file);
  return { dtype, shape };
}

/** Read a .npy file: stat, header, size check, and only then the data. */
export function readNpy(file: string): HostArray {
  const l = readLayout(file);
  const bytes = readRange(file, l.dataStart, l.expected, (why) => cannotRead(file, why));
  if (bytes.length !== l.expected) return cannotRead(file, `truncated data: shape (${l.shape.join(", ")}) of ${l.dtype} needs ${l.expected} bytes, file has ${bytes.length}`);
  return arrayOf(l, bytes);
}

// ---------------------------------------------------------------- writing

/** The typed array a dtype is stored in; converts when the caller passed another kind. */
function storageOf(h: HostArray): HostData {
  const n = hostLength(h.dtype, h.shape);
  if (h.data.length !== n)
    throw new LincError("E0706", `array of dtype ${h.dtype} and shape [${h.shape.join(", ")}] needs ${n} values, has ${h.data.length}`);
  const want = h.dtype === "i64" ? BigInt64Array : h.dtype === "f32" || h.dtype === "c64" ? Float32Array : Float64Array;
  if (h.data instanceof want) return h.data;
  if (want === BigInt64Array) return BigInt64Array.from(h.data as ArrayLike<number>, (v) => BigInt(Math.round(v)));
  return (want as Float32ArrayConstructor).from(h.data as ArrayLike<number>, (v) => Number(v));
}

/** Encode a host array as .npy bytes (version 1.0, or 2.0 when the header needs it). */
export function encodeNpy(h: HostArray): Uint8Array {
  const data = storageOf(h);
  const shapeText = h.shape.length === 1 ? `(${h.shape[0]},)` : `(${h.shape.join(", ")})`;
  let dict = `{'descr': '<${CODES[h.dtype].code}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const v1 = dict.length + 1 + 10 <= 0xffff;
  const prefix = v1 ? 10 : 12;
  const total = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  dict = dict.padEnd(total - prefix - 1, " ") + "\n";
  const out = new Uint8Array(total + data.byteLength);
  out.set(MAGIC);
  out[6] = v1 ? 1 : 2;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (v1) view.setUint16(8, dict.length, true);
  else view.setUint32(8, dict.length, true);
  out.set(new TextEncoder().encode(dict), prefix);
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  if (!HOST_LITTLE_ENDIAN) swapBytes(bytes, CODES[h.dtype].scalarBytes);
  out.set(bytes, total);
  return out;
}

/** Write a .npy file atomically: a temporary file in the same directory, then a rename. */
export function writeNpy(file: string, h: HostArray): void {
  writeAtomic(file, encodeNpy(h));
}
