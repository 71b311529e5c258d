// `--wisdom FILE` of run, compile and explain: the file read and checked (a malformed one is an
// error, E0205), and used only when measured on this machine with these versions; otherwise a
// warning on stderr and the cost model plans, as without wisdom.
import { readFileSync } from "node:fs";
import { LincError } from "../ir/errors.js";
import type { Wisdom } from "../passes/schedule/wisdom.js";

export async function readWisdom(file: string | undefined): Promise<Wisdom | undefined> {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new LincError("E0205", `cannot read wisdom file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const { checkWisdom } = await import("../api/wisdom.js");
  const { wisdom, warning } = await checkWisdom(text, file);
  if (warning) process.stderr.write(`warning: ${warning}\n`);
  return wisdom;
}
