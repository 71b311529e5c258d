// Diagnostics in colour on a terminal (errors red, warnings yellow, notes and help cyan, the caret
// line in its diagnostic's colour), never in a pipe or a file; NO_COLOR turns it off and
// FORCE_COLOR on (or off, when "0"). The plain text is the same with the colour codes removed.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { colourOn } from "../../src/cli/report.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const work = mkdtempSync(join(tmpdir(), "linc-colour-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ESC = "\x1b[";
const plain = (s: string) => s.replace(/\x1b\[[\d;]*m/g, "");

/** `linc ARGS` with exactly these colour variables (the rest of the environment as it is). */
function linc(args: string[], colourEnv: Record<string, string>) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...colourEnv };
  for (const k of ["FORCE_COLOR", "NO_COLOR"]) if (!(k in colourEnv)) delete env[k];
  return spawnSync(process.execPath, [join(root, "bin/linc.mjs"), ...args], { cwd: root, env, encoding: "utf8" });
}

describe("colourOn", () => {
  it("a terminal gets colour, a pipe or a file does not", () => {
    expect(colourOn({ isTTY: true }, {})).toBe(true);
    expect(colourOn({ isTTY: false }, {})).toBe(false);
    expect(colourOn({}, {})).toBe(false);
    expect(colourOn({ isTTY: true }, { TERM: "dumb" })).toBe(false);
  });
  it("NO_COLOR (non-empty) turns it off on a terminal", () => {
    expect(colourOn({ isTTY: true }, { NO_COLOR: "1" })).toBe(false);
    expect(colourOn({ isTTY: true }, { NO_COLOR: "" })).toBe(true);
  });
  it("FORCE_COLOR turns it on in a pipe, and off with 0 or false; it wins over NO_COLOR (as in Node)", () => {
    expect(colourOn({ isTTY: false }, { FORCE_COLOR: "1" })).toBe(true);
    expect(colourOn({ isTTY: false }, { FORCE_COLOR: "" })).toBe(true);
    expect(colourOn({ isTTY: true }, { FORCE_COLOR: "0" })).toBe(false);
    expect(colourOn({ isTTY: true }, { FORCE_COLOR: "false" })).toBe(false);
    expect(colourOn({ isTTY: false }, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(true);
  });
});

describe("linc check's diagnostics", () => {
  const bad = join(work, "bad.linc");
  writeFileSync(bad, "input signal: f64[batch, 8]\ninput h: f64[4]\noutput y = signal + h\noutput z = dft(8) @ signl\n");
  const unused = join(work, "unused.linc");
  writeFileSync(unused, "input x: f64[batch, 8]\ninput u: f64[4]\noutput y = x\n");

  it("in a pipe: no colour codes at all", () => {
    const r = linc(["check", bad], {});
    expect(r.status).toBe(1);
    expect(r.stderr).not.toContain(ESC);
    expect(r.stderr).toContain(`${bad}:3:19: error[E0301]: shape mismatch`);
  });

  it("FORCE_COLOR=1: error red, caret red, notes and help cyan; the same text underneath", () => {
    const r = linc(["check", bad], { FORCE_COLOR: "1" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${ESC}1m${bad}:3:19:${ESC}0m ${ESC}1;31merror[E0301]${ESC}0m: shape mismatch`);
    expect(r.stderr).toContain(`\n                    ${ESC}31m^${ESC}0m\n`); // the caret line, its indent left plain
    expect(r.stderr).toContain(`${ESC}1;36mnote${ESC}0m: this is a tensor f64[batch, 8]`);
    expect(r.stderr).toContain(`  ${ESC}1;36mhelp${ESC}0m: did you mean 'signal'?`);
    expect(plain(r.stderr)).toBe(linc(["check", bad], {}).stderr);
  });

  it("NO_COLOR=1: none; FORCE_COLOR=0: none", () => {
    expect(linc(["check", bad], { NO_COLOR: "1" }).stderr).not.toContain(ESC);
    expect(linc(["check", bad], { FORCE_COLOR: "0" }).stderr).not.toContain(ESC);
  });

  it("a warning is yellow", () => {
    const r = linc(["check", unused], { FORCE_COLOR: "1" });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`${ESC}1;33mwarning[W0101]${ESC}0m: unused name: input 'u' is never used`);
  });

  it("a library error that names an option speaks in flags on the command line", () => {
    const spec = join(work, "p.linc");
    writeFileSync(spec, "param h: f64[8]\ninput x: f64[batch, 8]\noutput y = h * x\n");
    const r = linc(["compile", spec, "-t", "onnx", "-o", join(work, "m.onnx")], {});
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("error[E0704]: an ONNX model carries its params as initializers: bind 'h' with --param NAME=FILE.npy, or set --params-as-inputs to make them graph inputs");
    expect(r.stderr).not.toContain("option");
  });

  it("a usage error's 'error' is red too", () => {
    const r = linc(["compile", bad, "-t", "tpu", "-o", join(work, "k.mjs")], { FORCE_COLOR: "1" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^\\x1b\\[1;31merror\\x1b\\[0m: unknown target 'tpu'`));
  });
});
