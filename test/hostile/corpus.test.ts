// A hostile-input corpus (issue 10, systematic checks): specs and .npy files a hostile or careless
// user might feed linc (odd unicode, huge numbers, prototype names, deep nesting, degenerate
// sizes, malformed arrays). Each must end in the error code listed here: never an internal error,
// a stack trace or a hang. Specs go through check (positioned diagnostics); .npy files through
// the reader `linc run` uses.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readNpy } from "../../src/cli/npy.js";
import { checkSource } from "../../src/dsl/index.js";
import { LincError } from "../../src/ir/index.js";

const X = "input x: f64[batch, 4]\n";
const nest = (n: number, inner: string) => "(".repeat(n) + inner + ")".repeat(n);

/** [what, spec, the code of its first diagnostic]. */
const SPECS: [string, string, string][] = [
  // odd unicode
  ["a Cyrillic і in a keyword", "іnput x: f64[4]\noutput y = x\n", "E0001"],
  ["a zero-width space inside a name", X + "output y = x\u200b\n", "E0001"],
  ["a right-to-left override", X + "output y = \u202ex\n", "E0001"],
  ["a NUL byte", X + "output y = x\u0000\n", "E0001"],
  ["a lone surrogate", X + "output y = x\ud800\n", "E0001"],
  ["an emoji as a name", X + "output 😀 = x\n", "E0001"],
  ["a non-breaking space", X + "output\u00a0y = x\n", "E0001"],
  ["ESC sequences in a string option", X + 'output y = dft(4, norm="\u001b[31mred") @ x\n', "E0205"],
  // huge numbers
  ["dft of 10^11", X + "output y = dft(99999999999) @ x\n", "E0304"],
  ["a dimension of 10^11", "input x: f64[99999999999]\noutput y = x\n", "E0304"],
  ["a literal past float64", X + "output y = x * 1e400\n", "E0603"],
  ["a constant product past float64", "const c = 1e308 * 10\n" + X + "output y = x * c\n", "E0601"],
  ["a non-integer size", X + "output y = dft(4.5) @ x\n", "E0302"],
  ["2^53 + 1 as a size", X + "output y = dft(9007199254740993) @ x\n", "E0304"],
  ["a shape of 2^14 x 2^14 (2^28 elements)", "input x: f64[16384, 16384]\noutput y = x\n", "E0304"],
  // prototype names where a name is looked up
  ["an unknown function named like a prototype key", X + "output y = constructor(4) @ x\n", "E0104"],
  ["__proto__ as an option name", X + "output y = dft(4, __proto__=1) @ x\n", "E0202"],
  ["toString as a name never defined", X + "output y = toString @ x\n", "E0101"],
  // deep nesting
  ["brackets nested 100 deep", X + `output y = ${nest(100, "x")}\n`, "E0002"],
  ["brackets nested 20000 deep", X + `output y = ${nest(20000, "x")}\n`, "E0002"],
  ["300 unary minus", X + `output y = ${"-".repeat(300)}x\n`, "E0308"],
  ["300 chained .T", X + `A = dft(4)${".T".repeat(300)}\noutput y = A @ x\n`, "E0308"],
  // degenerate sizes
  ["a zero dimension", "input x: f64[0]\noutput y = x\n", "E0302"],
  ["a negative dimension", "input x: f64[-4]\noutput y = x\n", "E0302"],
  ["dft(0)", X + "output y = dft(0) @ x\n", "E0302"],
  ["an empty slice", X + "output y = x[2:2]\n", "E0306"],
  ["an out-of-range slice", X + "output y = x[0:9]\n", "E0306"],
  ["pad shorter than the axis", X + "output y = pad(x, 2)\n", "E0302"],
  ["wht of a non-power of two", X + "output y = wht(6) @ pad(x, 6)\n", "E0303"],
  ["kron of nothing", X + "output y = kron() @ x\n", "E0201"],
  ["an operator on a scalar", X + "output y = dft(4) @ 3\n", "E0204"],
];

describe("hostile specs end in their error code", () => {
  for (const [what, src, code] of SPECS)
    it(what, () => {
      const d = checkSource(src, "hostile.linc");
      expect(d.length, "a diagnostic").toBeGreaterThan(0);
      expect(d[0].code).toBe(code);
      expect(d[0].line, "positioned").toBeGreaterThan(0);
      expect(d.every((x) => /^E0[0-9]{3}$/.test(x.code))).toBe(true);
      // diagnostics never echo control characters raw
      expect(d.map((x) => x.message).join("\n")).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    });
});

// ---- .npy files
const work = mkdtempSync(join(tmpdir(), "linc-hostile-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A .npy file with this header dict and `data` bytes after it (version 1.0, padded to 64). */
function npy(dict: string, data: Uint8Array = new Uint8Array(0), magic = "\x93NUMPY"): Uint8Array {
  let h = dict;
  const pre = magic.length + 2 + 2;
  while ((pre + h.length + 1) % 64) h += " ";
  h += "\n";
  const out = new Uint8Array(pre + h.length + data.length);
  for (let i = 0; i < magic.length; i++) out[i] = magic.charCodeAt(i);
  out[magic.length] = 1;
  out[magic.length + 2] = h.length & 255;
  out[magic.length + 3] = h.length >> 8;
  for (let i = 0; i < h.length; i++) out[pre + i] = h.charCodeAt(i);
  out.set(data, pre + h.length);
  return out;
}
const bytes8 = (n: number) => new Uint8Array(8 * n);

const NPY: [string, Uint8Array, string][] = [
  ["an empty file", new Uint8Array(0), "E0701"],
  ["bad magic", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", bytes8(2), "\x93NUMPX"), "E0701"],
  ["a header that is not a dict", npy("__import__('os').system('true')", bytes8(2)), "E0701"],
  ["a negative shape", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (-2,), }", bytes8(2)), "E0701"],
  ["a shape of 10^12 in a small file", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 1000000), }", bytes8(2)), "E0701"],
  ["a fractional shape", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2.5,), }", bytes8(2)), "E0701"],
  ["truncated data", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }", bytes8(3)), "E0701"],
  ["extra data", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", bytes8(3)), "E0701"],
  ["Fortran order", npy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }", bytes8(4)), "E0702"],
  ["int32 data", npy("{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", new Uint8Array(8)), "E0702"],
  ["an object dtype", npy("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", bytes8(2)), "E0702"],
  // issue 24 #12: the header parser recursed once per bracket ("Maximum call stack size exceeded" in E0701)
  ["10 000 nested parens in the header", npy(`{'descr': '<f8', 'fortran_order': False, 'shape': ${"(".repeat(10_000)}2${")".repeat(10_000)}, }`, bytes8(2)), "E0701"],
];

describe("hostile .npy files end in their error code", () => {
  for (const [what, data, code] of NPY)
    it(what, () => {
      const f = join(work, `${what.replace(/\W+/g, "_")}.npy`);
      writeFileSync(f, data);
      let err: unknown;
      try {
        readNpy(f);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(LincError);
      expect((err as LincError).code).toBe(code);
      expect((err as LincError).message).not.toMatch(/call stack/i);
    });
});

it("a __proto__ key in a .npy header is ignored, not merged into the header's fields", () => {
  const f = join(work, "proto.npy");
  writeFileSync(f, npy("{'__proto__': {'descr': '<i4'}, 'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", bytes8(2)));
  const a = readNpy(f);
  expect([a.dtype, a.shape]).toEqual(["f64", [2]]);
  expect(Object.getPrototypeOf({})).toBe(Object.prototype); // nothing polluted
  expect(({} as Record<string, unknown>).descr).toBeUndefined();
});
