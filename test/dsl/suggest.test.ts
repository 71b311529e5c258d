// "Did you mean": the edit distance, the threshold, and every diagnostic that refuses a name
// (operators, spec names and dimensions, keyword arguments, option strings, backends) pointing
// at the nearest known spelling or at linc's name for another library's operator.
import { describe, expect, it } from "vitest";
import { checkSource } from "../../src/dsl/index.js";
import { ALIASES } from "../../src/ir/aliases.js";
import { getConstructor } from "../../src/ir/index.js";
import { closest, didYouMean, editDistance, maxEdits } from "../../src/ir/suggest.js";
import { unknownBackend } from "../../src/backends/index.js";
import { TARGETS } from "../../src/ir/program.js";

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["abc", "", 3],
    ["", "abc", 3],
    ["toeplits", "toeplitz", 1], // substitution
    ["toepliz", "toeplitz", 1], // insertion
    ["toeplittz", "toeplitz", 1], // deletion
    ["toeplitz", "toeplizt", 1], // swap of neighbours counts once
    ["kitten", "sitting", 3],
    ["ca", "abc", 3], // optimal string alignment: no edit of a swapped pair
  ])("%s -> %s is %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe("closest", () => {
  it("allows more edits for longer names, none for one or two letters", () => {
    expect([1, 2, 3, 4, 5, 8, 9].map((n) => maxEdits("x".repeat(n)))).toEqual([0, 0, 1, 1, 2, 2, 3]);
    expect(closest("y", ["x", "z"])).toEqual([]);
    expect(closest("xs", ["x", "xy"])).toEqual([]);
  });
  it("orders by distance, then as given; ignores case; never offers the name itself", () => {
    expect(closest("norn", ["form", "norm", "nor"])).toEqual(["norm", "nor"]); // form: 2 edits, too far for 4 letters
    expect(closest("normm", ["nor", "norm"])).toEqual(["norm", "nor"]);
    expect(closest("idst", ["idft", "dst"])).toEqual(["idft", "dst"]);
    expect(closest("DFT", ["dft", "idft"])).toEqual(["dft", "idft"]);
    expect(closest("i", ["I"])).toEqual(["I"]);
    expect(closest("dft", ["dft"])).toEqual([]);
  });
  it("keeps far names out", () => {
    expect(didYouMean("hadamard", ["wht", "dft", "kron"])).toBe("");
    expect(didYouMean("convolve", ["conv"])).toBe(""); // 4 edits for 8 letters: too far, an alias says it instead
  });
  it("says it in words", () => {
    expect(didYouMean("nrm", ["norm"])).toBe("; did you mean 'norm'?");
    expect(didYouMean("dtf", ["dft", "dst", "idft"])).toBe("; did you mean 'dft'?");
    expect(didYouMean("idst", ["dst", "idft", "dct"])).toBe("; did you mean 'dst' or 'idft'?");
    expect(didYouMean("idsst", ["dst", "idst", "idft", "dct"])).toBe("; did you mean 'idst', 'dst' or 'idft'?");
  });
});

describe("aliases", () => {
  it("each names a real constructor, spelt as its call", () => {
    for (const [from, a] of Object.entries(ALIASES)) {
      expect(getConstructor(a.name), `${from} -> ${a.name}`).toBeDefined();
      expect(a.call.startsWith(`${a.name}(`), `${from}: ${a.call}`).toBe(true);
      expect(getConstructor(from), `${from} is itself a constructor`).toBeUndefined();
    }
  });
});

/**
 * The single diagnostic of a spec; `message` joins its message and its help line as one text
 * ("...; did you mean 'x'?"), `help` is the help line alone.
 */
function only(src: string): { code: string; message: string; help?: string; line: number; col: number } {
  const ds = checkSource(src, "t.linc");
  expect(ds.length, JSON.stringify(ds)).toBe(1);
  const d = ds[0];
  return { code: d.code, message: d.help ? `${d.message}; ${d.help}` : d.message, help: d.help, line: d.line, col: d.col };
}

const X8 = "input x: c128[batch, 8]\n";

describe("diagnostics that refuse a name", () => {
  it.each([
    ["toeplits(x, x)", "unknown operator or function 'toeplits'; did you mean 'toeplitz'?"],
    ["fft(8) @ x", "'fft'; did you mean 'dft(n)'?"],
    ["FFT(8) @ x", "'FFT'; did you mean 'dft(n)'?"],
    ["ifft(8) @ x", "did you mean 'idft(n)'?"],
    ["rfft(8) @ x", "did you mean 'rdft(n)'?"],
    ["irfft(8) @ x", "did you mean 'irdft(n)'?"],
    ["hadamard(8) @ x", "did you mean 'wht(n)'?"],
    ["fwht(8) @ x", "did you mean 'wht(n)'?"],
    ["dct3(8) @ x", "did you mean 'dct(n, type=3)'?"],
    ["idst4(8) @ x", "did you mean 'idst(n, type=4)'?"],
    ["kronecker(dft(2), dft(4)) @ x", "did you mean 'kron(A, B)'?"],
    ["eye(8) @ x", "did you mean 'I(n)'?"],
    ["convolve(x, 8) @ x", "did you mean 'conv(h, n)'?"],
    ["circulnt(x) @ x", "did you mean 'circulant'?"],
  ])("%s", (call, has) => {
    const d = only(X8 + `output y = ${call}\n`);
    expect(d.code).toBe("E0104");
    expect(d.message).toContain(has);
    expect([d.line, d.col]).toEqual([2, 12]);
  });

  it("the suggestion is the diagnostic's help line, not part of its message", () => {
    const ds = checkSource(X8 + "output y = toeplits(x, x)\n", "t.linc");
    expect(ds.map(({ message, help }) => ({ message, help }))).toEqual([{ message: "unknown operator or function 'toeplits'", help: "did you mean 'toeplitz'?" }]);
  });

  it("an operator far from every known one gets no guess", () => {
    expect(only(X8 + "output y = zzzzzz(8) @ x").message).toBe("unknown operator or function 'zzzzzz'");
  });

  it("a misspelt keyword argument", () => {
    const d = only(X8 + 'output y = dft(8, nrom="ortho") @ x');
    expect(d.code).toBe("E0202");
    expect(d.message).toMatch(/no argument 'nrom'.*; did you mean 'norm'\?$/);
    expect(d.col).toBe(19);
    expect(only("input x: f64[batch, 8]\noutput y = dct(8, tpye=2) @ x").message).toMatch(/did you mean 'type'\?$/);
  });

  it("a misspelt option string", () => {
    const d = only(X8 + 'output y = dft(8, norm="orhto") @ x');
    expect(d.code).toBe("E0205");
    expect(d.message).toMatch(/got "orhto"; did you mean 'ortho'\?$/);
  });

  it("misspelt inputs, params, lets and dimensions", () => {
    const head = "input signal: c128[batch, 8]\nparam taps: c128[8]\nspectrum = dft(8) @ signal\n";
    const cases: [string, string][] = [
      ["output y = dft(8) @ signl", "signal"],
      ["output y = tpas", "taps"],
      ["output y = spectrm", "spectrum"],
      ["output y = dft(bacth) @ signal", "batch"],
    ];
    for (const [line, want] of cases) {
      const d = only(head + line);
      expect(d.code).toBe("E0101");
      expect(d.message).toContain(`; did you mean '${want}'?`);
      expect(d.line).toBe(4);
    }
    expect(only(head + "output y = fft @ signal").message).toContain("did you mean 'dft(n)'?");
    expect(only(head + "output y = qqqq").message).toBe("unknown name 'qqqq'");
  });
});

describe("backend names", () => {
  it("points at the nearest backend, and at cpu for js", () => {
    expect(unknownBackend("onx")).toBe(`unknown backend 'onx'; choose one of ${TARGETS.join(", ")}; did you mean 'onnx'?`);
    expect(unknownBackend("js")).toMatch(/did you mean 'cpu'\?$/);
    expect(unknownBackend("webgl")).toMatch(/did you mean 'gpujs'\?$/);
    expect(unknownBackend("xyz")).toBe(`unknown backend 'xyz'; choose one of ${TARGETS.join(", ")}`);
  });
});
