// Wisdom for the library: the machine record a wisdom is measured on, and the check that decides
// whether a wisdom given to compile/run/explain is used. A malformed wisdom is an error (E0205);
// a well-formed one measured on another machine or with other versions is ignored with a warning
// (the cost model decides, as without wisdom).
import { readFileSync } from "node:fs";
import { arch, cpus, platform } from "node:os";
import { LincError } from "../ir/errors.js";
import type { MachineInfo, Wisdom } from "../passes/schedule/wisdom.js";

export type { MachineInfo, Wisdom };

let version: string | undefined;
/** linc's version, from the package.json above this module (sources and dist alike). */
export function lincVersion(): string {
  if (version !== undefined) return version;
  for (let dir = new URL(".", import.meta.url); ; ) {
    try {
      const pkg = JSON.parse(readFileSync(new URL("package.json", dir), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "linc" && typeof pkg.version === "string") return (version = pkg.version);
    } catch {
      // no package.json here: look one folder up
    }
    const up = new URL("..", dir);
    if (up.href === dir.href) return (version = "unknown");
    dir = up;
  }
}

/** This machine and the versions running: what a wisdom records and is checked against. */
export function currentMachine(): MachineInfo {
  const cores = cpus();
  return { os: platform(), arch: arch(), cpu: cores[0]?.model.trim() ?? "unknown", cores: cores.length, node: process.version, linc: lincVersion() };
}

export interface WisdomCheck {
  /** The wisdom, when it applies to this machine; undefined when it was ignored. */
  wisdom?: Wisdom;
  /** Why it was ignored. */
  warning?: string;
}

/** A wisdom given as an object, JSON text, or already parsed: checked (E0205), then matched to this machine. */
export async function checkWisdom(given: Wisdom | string | unknown, file = ""): Promise<WisdomCheck> {
  const { parseWisdom, machineDifference, MAX_WISDOM_BYTES } = await import("../passes/index.js");
  let data = given;
  if (typeof given === "string") {
    const bytes = given.length > MAX_WISDOM_BYTES ? given.length : Buffer.byteLength(given);
    if (bytes > MAX_WISDOM_BYTES) throw new LincError("E0205", `invalid wisdom${file ? ` (${file})` : ""}: it is ${bytes} bytes, above the limit of ${MAX_WISDOM_BYTES}`);
    try {
      data = JSON.parse(given);
    } catch (e) {
      throw new LincError("E0205", `invalid wisdom${file ? ` (${file})` : ""}: not JSON: ${(e as Error).message}`);
    }
  }
  const wisdom = parseWisdom(data, file);
  const diff = machineDifference(currentMachine(), wisdom.machine);
  if (diff === undefined) return { wisdom };
  return { warning: `wisdom${file ? ` ${file}` : ""} ignored: it was measured elsewhere (${diff}); the cost model plans instead (run \`linc tune\` here)` };
}

/** A wisdom option of compile/run/explain: checked and matched, its warning handed to `warn`. */
export async function usableWisdom(given: Wisdom | string | undefined, warn: (message: string) => void): Promise<Wisdom | undefined> {
  if (given === undefined) return undefined;
  const { wisdom, warning } = await checkWisdom(given);
  if (warning) warn(warning);
  return wisdom;
}
