// `--wisdom FILE` of run, compile and explain: the file read (a regular file of at most
// MAX_WISDOM_BYTES, as a spec) and checked (a malformed one is an
// error, E0205), and used only when measured on this machine with these versions; otherwise a
// warning on stderr and the cost model plans, as without wisdom.
import { LincError } from "../ir/errors.js";
import type { Wisdom } from "../passes/schedule/wisdom.js";
import { readTextFile } from "./files.js";

export async function readWisdom(file: string | undefined): Promise<Wisdom | undefined> {
  if (file === undefined) return undefined;
  const { MAX_WISDOM_BYTES } = await import("../passes/schedule/wisdom.js");
  // as a spec: a regular file only (a FIFO would hang, /dev/zero never ends), of bounded size
  const text = readTextFile(file, MAX_WISDOM_BYTES, (why): never => {
    throw new LincError("E0205", `cannot read wisdom file ${file}: ${why}`);
  });
  const { checkWisdom } = await import("../api/wisdom.js");
  const { wisdom, warning } = await checkWisdom(text, file);
  if (warning) process.stderr.write(`warning: ${warning}\n`);
  return wisdom;
}
