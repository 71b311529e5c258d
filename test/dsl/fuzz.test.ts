// Fuzzing the front end: thousands of seeded mutations of real specs (characters and tokens
// deleted, inserted, duplicated, swapped; lines spliced between specs). Each must give a Program
// or a DiagnosticsError whose diagnostics all have a catalogue code and a position: never any
// other exception, never an internal error, never a hang.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkSource, parseProgram } from "../../src/dsl/index.js";
import { constructorNames, DiagnosticsError, ERRORS, type Diagnostic } from "../../src/ir/index.js";
import { GOLDEN_DIR } from "../support/golden.js";
import { rng as seededRng } from "../../src/ir/math/random.js";

const GOLDEN = GOLDEN_DIR;
const golden: string[] = readdirSync(GOLDEN)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .flatMap((f) => (JSON.parse(readFileSync(`${GOLDEN}/${f}`, "utf8")).cases as { source: string }[]).map((c) => c.source));

const OWN = [
  "const n = 64\ninput x: f32[batch, n]\nparam h: f32[n]\nT = toeplitz(h, zeros(n))\noutput y = T @ x",
  "# spectral layer\nconst n = 32\ninput x: f64[batch, n]\nparam w: c128[n / 2 + 1]\nX = rdft(n) @ x\noutput y = irdft(n) @ (diag(w) @ X)",
  "const m = 4\nconst k = 2 * m\ninput x: c128[3, m * k]\nA = kron(dft(m), idft(k, norm=\"ortho\"))\nB = 0.5 * A.H + A.T\noutput y = B @ x\noutput z = relu(real(y))[1:-1]",
  "param c: f64[8]\nparam r: f64[8]\ninput x: f64[2, 8]\nH = hankel(c, r) - toeplitz(c, r)\noutput y = (H @ x) / 2 + softshrink(x, lambda=0.1)",
  "input x: f64[2, 16]\nP = bitrev(16) @ stride(4, 4)\noutput y = inv(wht(16, norm=\"ortho\")) @ (P @ pad(x[0:12], 16))",
];

/** The project's seeded generator, so every run mutates the same way. */
const rng = (seed: number): (() => number) => seededRng(seed).next;

const CHARS = ["(", ")", "[", "]", ",", ":", "=", "@", "+", "-", "*", "/", ".", "#", '"', "\n", " ", "0", "1", "9", "e", "x", "n", "T", "H", "$", "é", "\t", "\r", "\u0000"];
const TOKENS = [
  "const", "input", "param", "output", "true", "false", "f32", "f64", "c64", "c128", "i64", "batch",
  "0", "-1", "2.5", ".5", "1e-3", "1e999", "65536", "99999999999", '"ortho"', '"orto"', "norm=", "type=", "x", "y", "n", "A", ".T", ".H", "[1:3]", "[:]",
  ...constructorNames(),
];

function mutate(src: string, all: readonly string[], r: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const at = (s: string) => Math.floor(r() * (s.length + 1));
  const kind = Math.floor(r() * 9);
  switch (kind) {
    case 0: { const i = at(src); return src.slice(0, i) + src.slice(i + 1); } // delete a character
    case 1: { const i = at(src); return src.slice(0, i) + pick(CHARS) + src.slice(i); } // insert a character
    case 2: { const i = at(src), n = 1 + Math.floor(r() * 8); return src.slice(0, i + n) + src.slice(i, i + n) + src.slice(i + n); } // duplicate
    case 3: { const i = at(src), j = at(src); const a = Math.min(i, j), b = Math.max(i, j); if (b >= src.length) return src; return src.slice(0, a) + src[b] + src.slice(a + 1, b) + src[a] + src.slice(b + 1); } // swap characters
    case 4: case 5: case 6: { // token edits: delete, duplicate, swap, insert
      const toks = src.match(/\w+|\s+|\S/g) ?? [];
      if (toks.length === 0) return pick(TOKENS);
      const i = Math.floor(r() * toks.length), j = Math.floor(r() * toks.length);
      if (kind === 4) toks.splice(i, 1);
      else if (kind === 5) toks.splice(i, 0, r() < 0.5 ? toks[j] : pick(TOKENS));
      else [toks[i], toks[j]] = [toks[j], toks[i]];
      return toks.join("");
    }
    case 7: { // splice a line from another spec
      const lines = src.split("\n"), other = pick(all).split("\n");
      const i = Math.floor(r() * (lines.length + 1));
      if (r() < 0.5) lines.splice(i, 0, pick(other));
      else lines[Math.min(i, lines.length - 1)] = pick(other);
      return lines.join("\n");
    }
    default: { // delete or duplicate a line
      const lines = src.split("\n"), i = Math.floor(r() * lines.length);
      if (r() < 0.5) lines.splice(i, 1);
      else lines.splice(i, 0, lines[i]);
      return lines.join("\n");
    }
  }
}

function checkDiagnostics(ds: readonly Diagnostic[], src: string): void {
  const lines = src.split("\n").length;
  for (const d of ds) {
    expect(Object.keys(ERRORS)).toContain(d.code);
    expect(d.file).toBe("fuzz.linc");
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.line).toBeLessThanOrEqual(lines);
    expect(d.col).toBeGreaterThanOrEqual(1);
    expect(d.message).not.toMatch(/internal error/);
  }
}

describe("fuzzing the front end", () => {
  const corpus = [...golden, ...OWN];

  it("accepts every unmutated spec whose constructors exist (sanity of the corpus)", () => {
    for (const s of OWN) expect(checkSource(s, "own.linc")).toEqual([]);
  });

  it("gives a Program or positioned diagnostics for 3000 mutated specs", () => {
    const r = rng(20261126);
    const N = 3000;
    let programs = 0, rejected = 0, slowest = 0;
    for (let k = 0; k < N; k++) {
      let src = corpus[Math.floor(r() * corpus.length)];
      const edits = 1 + Math.floor(r() * 4);
      for (let e = 0; e < edits; e++) src = mutate(src, corpus, r);
      const t0 = performance.now();
      let thrown: unknown;
      try {
        const p = parseProgram(src, "fuzz.linc");
        for (const o of p.outputs) expect(o.node.type.kind).toBe("tensor");
        programs++;
      } catch (e) {
        thrown = e;
      }
      slowest = Math.max(slowest, performance.now() - t0);
      if (thrown !== undefined) {
        if (!(thrown instanceof DiagnosticsError)) throw new Error(`not a DiagnosticsError for:\n${src}\n${String(thrown)}`);
        expect(thrown.diagnostics.length).toBeGreaterThanOrEqual(1);
        checkDiagnostics(thrown.diagnostics, src);
        expect(checkSource(src, "fuzz.linc")).toEqual(thrown.diagnostics);
        rejected++;
      }
    }
    expect(programs + rejected).toBe(N);
    // both outcomes occur, so the mutations neither always break nor never break a spec
    expect(programs).toBeGreaterThan(N / 50);
    expect(rejected).toBeGreaterThan(N / 4);
    // a hang guard, not a benchmark
    expect(slowest).toBeLessThan(1000);
  });

  it("survives pathological inputs", () => {
    const cases = [
      "", "\n\n\n", "#", '"', "(".repeat(5000), ")".repeat(5000), "[".repeat(300) + "]".repeat(300), "-".repeat(5000) + "1",
      "x = " + "1 + ".repeat(5000) + "1", "output y = " + "x".repeat(10000), "\u0000\u0001\u0002", "input x: f64[" + "9".repeat(400) + "]",
      "const n = " + "2 * ".repeat(1100) + "2", "input x: f64[2, 8]\n" + "x = x\n".repeat(2000),
    ];
    for (const src of cases) {
      const t0 = performance.now();
      const ds = checkSource(src, "fuzz.linc");
      expect(performance.now() - t0).toBeLessThan(1000);
      checkDiagnostics(ds, src);
    }
  });
});
