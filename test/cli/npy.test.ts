// .npy reading and writing: round trips for every dtype, byte-exact agreement with files numpy
// wrote, and the errors for files linc cannot or will not read.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeNpy, encodeNpy, readNpy, writeNpy } from "../../src/cli/npy.js";
import type { HostArray } from "../../src/ir/host.js";
import { lincErrorOf } from "../support/errors.js";

const dir = mkdtempSync(join(tmpdir(), "linc-npy-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A .npy file laid out by hand from the format description (version 1.0, header padded to 64). */
function handMade(descr: string, shape: string, data: Uint8Array, fortran = false, major = 1): Uint8Array {
  let header = `{'descr': '${descr}', 'fortran_order': ${fortran ? "True" : "False"}, 'shape': ${shape}, }`;
  const prefix = major === 1 ? 10 : 12;
  const total = Math.ceil((prefix + header.length + 1) / 64) * 64;
  header = header.padEnd(total - prefix - 1, " ") + "\n";
  const out = new Uint8Array(total + data.length);
  out.set([0x93, ...Array.from("NUMPY", (c) => c.charCodeAt(0)), major, 0]);
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  out.set(Array.from(header, (c) => c.charCodeAt(0)), prefix);
  out.set(data, total);
  return out;
}

const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);


const samples: HostArray[] = [
  { dtype: "f32", shape: [2, 3], data: new Float32Array([1, -2.5, 3, 0.1, 1e-30, -7]) },
  { dtype: "f64", shape: [5], data: new Float64Array([0, 0.25, -1e300, Math.PI, -0]) },
  { dtype: "c64", shape: [2], data: new Float32Array([1, 2, -3, 0.5]) },
  { dtype: "c128", shape: [3, 1, 1], data: new Float64Array([1, -1, 2, -2, Math.E, 1e-20]) },
  { dtype: "i64", shape: [4], data: new BigInt64Array([0n, -1n, 2n ** 62n, 7n]) },
  { dtype: "f64", shape: [], data: new Float64Array([2.5]) },
  { dtype: "f32", shape: [0, 4], data: new Float32Array(0) },
];

describe("npy round trip", () => {
  for (const s of samples)
    it(`${s.dtype}[${s.shape.join(", ")}] survives write and read exactly`, () => {
      const file = join(dir, `rt_${s.dtype}_${s.shape.length}_${s.data.length}.npy`);
      writeNpy(file, s);
      const back = readNpy(file);
      expect(back.dtype).toBe(s.dtype);
      expect(back.shape).toEqual(s.shape);
      expect(back.data.constructor).toBe(s.data.constructor);
      expect(Array.from(back.data as ArrayLike<unknown>)).toEqual(Array.from(s.data as ArrayLike<unknown>));
    });

  it("encodes exactly the bytes numpy.save writes (hand-made header per the NPY spec)", () => {
    const data = new Float64Array([1, 2, 3, 4, 5, 6]);
    const want = handMade("<f8", "(2, 3)", bytesOf(data));
    expect(Array.from(encodeNpy({ dtype: "f64", shape: [2, 3], data }))).toEqual(Array.from(want));
    const one = new BigInt64Array([9n]);
    expect(Array.from(encodeNpy({ dtype: "i64", shape: [1], data: one }))).toEqual(Array.from(handMade("<i8", "(1,)", bytesOf(one))));
  });

  it("converts data held in another typed array to the dtype's storage when writing", () => {
    const back = decodeNpy(encodeNpy({ dtype: "f32", shape: [2], data: new Float64Array([1.5, -2]) }));
    expect(back.data).toBeInstanceOf(Float32Array);
    expect(Array.from(back.data as Float32Array)).toEqual([1.5, -2]);
  });

  it("leaves no temporary file behind", () => {
    const sub = mkdtempSync(join(dir, "clean-"));
    writeNpy(join(sub, "a.npy"), samples[0]);
    expect(readdirSync(sub)).toEqual(["a.npy"]);
  });
});

describe("files written by numpy", () => {
  // np.save of np.array([[1+2j, -0.5j], [3, 4.25-1j]], dtype='<c16')
  const c128 =
    "k05VTVBZAQB2AHsnZGVzY3InOiAnPGMxNicsICdmb3J0cmFuX29yZGVyJzogRmFsc2UsICdzaGFwZSc6ICgyLCAyKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADwPwAAAAAAAABAAAAAAAAAAIAAAAAAAADgvwAAAAAAAAhAAAAAAAAAAAAAAAAAAAARQAAAAAAAAPC/";
  // np.save of np.array([5, -7, 2**40], dtype='<i8')
  const i64 =
    "k05VTVBZAQB2AHsnZGVzY3InOiAnPGk4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoFAAAAAAAAAPn/////////AAAAAAABAAA=";
  // np.save of np.array([1.5, -2.0, 3.25], dtype='>f4') (big-endian)
  const bigF32 =
    "k05VTVBZAQB2AHsnZGVzY3InOiAnPmY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAo/wAAAwAAAAEBQAAA=";
  // np.lib.format.write_array(f, np.array([0.5, 1.0]), version=(3, 0))
  const v3 =
    "k05VTVBZAwB0AAAAeydkZXNjcic6ICc8ZjgnLCAnZm9ydHJhbl9vcmRlcic6IEZhbHNlLCAnc2hhcGUnOiAoMiwpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAADgPwAAAAAAAPA/";
  const b64 = (s: string) => new Uint8Array(Buffer.from(s, "base64"));

  it("reads complex128 interleaved (re, im) and writes the same bytes back", () => {
    const a = decodeNpy(b64(c128));
    expect(a).toMatchObject({ dtype: "c128", shape: [2, 2] });
    expect(Array.from(a.data as Float64Array)).toEqual([1, 2, -0, -0.5, 3, 0, 4.25, -1]) // Python: -0.5j == (-0 - 0.5j);
    expect(Array.from(encodeNpy(a))).toEqual(Array.from(b64(c128)));
  });

  it("reads int64 as BigInt64Array, including values beyond 2^53", () => {
    const a = decodeNpy(b64(i64));
    expect(a).toMatchObject({ dtype: "i64", shape: [3] });
    expect(Array.from(a.data as BigInt64Array)).toEqual([5n, -7n, 2n ** 40n]);
    expect(Array.from(encodeNpy(a))).toEqual(Array.from(b64(i64)));
  });

  it("converts big-endian data to native order", () => {
    const a = decodeNpy(b64(bigF32));
    expect(a.dtype).toBe("f32");
    expect(Array.from(a.data as Float32Array)).toEqual([1.5, -2, 3.25]);
  });

  it("reads format version 3.0 (and 2.0, with a 4-byte header length)", () => {
    expect(Array.from(decodeNpy(b64(v3)).data as Float64Array)).toEqual([0.5, 1]);
    const v2 = handMade("<f8", "(1,)", bytesOf(new Float64Array([42])), false, 2);
    expect(Array.from(decodeNpy(v2).data as Float64Array)).toEqual([42]);
  });

  it("accepts '=' (native) byte order", () => {
    const a = decodeNpy(handMade("=f8", "(2,)", bytesOf(new Float64Array([1, 2]))));
    expect(Array.from(a.data as Float64Array)).toEqual([1, 2]);
  });
});

describe("npy errors name the file and say what is wrong", () => {
  const good = handMade("<f8", "(2, 3)", bytesOf(new Float64Array(6)));
  const file = (name: string, bytes: Uint8Array) => {
    const f = join(dir, name);
    writeFileSync(f, bytes);
    return f;
  };

  it("bad magic -> E0701", () => {
    const f = file("magic.npy", new TextEncoder().encode("PK\u0003\u0004 this is a zip file"));
    const e = lincErrorOf(() => readNpy(f));
    expect(e.code).toBe("E0701");
    expect(e.message).toContain(f);
    expect(e.message).toContain("magic");
  });

  it("truncated data -> E0701 comparing byte counts with the shape", () => {
    const f = file("short.npy", good.slice(0, good.length - 8));
    const e = lincErrorOf(() => readNpy(f));
    expect(e.code).toBe("E0701");
    expect(e.message).toContain("short.npy");
    expect(e.message).toMatch(/needs 48 bytes, file has 40/);
  });

  it("truncated header -> E0701", () => {
    expect(lincErrorOf(() => decodeNpy(good.slice(0, 40), "h.npy")).code).toBe("E0701");
  });

  it("a header claiming a huge shape is refused before allocating", () => {
    const e = lincErrorOf(() => decodeNpy(handMade("<f8", "(100000000000, 100000)", new Uint8Array(16)), "huge.npy"));
    expect(e.code).toBe("E0701");
    expect(e.message).toContain("truncated");
  });

  it("fortran_order True -> E0702", () => {
    const e = lincErrorOf(() => readNpy(file("fortran.npy", handMade("<f8", "(2, 3)", bytesOf(new Float64Array(6)), true))));
    expect(e.code).toBe("E0702");
    expect(e.message).toContain("fortran.npy");
    expect(e.message).toContain("fortran_order");
  });

  it("'<U4' (strings) -> E0702", () => {
    const e = lincErrorOf(() => readNpy(file("strings.npy", handMade("<U4", "(1,)", new Uint8Array(16)))));
    expect(e.code).toBe("E0702");
    expect(e.message).toContain("'<U4'");
    expect(e.message).toContain("strings.npy");
  });

  it("int32 -> E0702 (linc's index dtype is int64)", () => {
    expect(lincErrorOf(() => decodeNpy(handMade("<i4", "(2,)", new Uint8Array(8)), "i4.npy")).code).toBe("E0702");
  });

  it("malformed header -> E0701", () => {
    expect(lincErrorOf(() => decodeNpy(handMade("<f8", "(2, three)", new Uint8Array(16)), "x.npy")).code).toBe("E0701");
  });

  it("missing file -> E0701", () => {
    const e = lincErrorOf(() => readNpy(join(dir, "absent.npy")));
    expect(e.code).toBe("E0701");
    expect(e.message).toContain("absent.npy");
  });

  it("trailing bytes after the data -> E0701", () => {
    const extra = new Uint8Array(good.length + 3);
    extra.set(good);
    expect(lincErrorOf(() => decodeNpy(extra, "long.npy")).code).toBe("E0701");
  });

  it("a write into a missing directory -> E0706 and nothing created", () => {
    const e = lincErrorOf(() => writeNpy(join(dir, "no", "such", "dir", "a.npy"), samples[0]));
    expect(e.code).toBe("E0706");
  });

  it("writing reads back identical bytes from disk", () => {
    const f = join(dir, "disk.npy");
    writeNpy(f, samples[1]);
    expect(Array.from(readFileSync(f))).toEqual(Array.from(encodeNpy(samples[1])));
  });
});
