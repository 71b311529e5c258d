#!/usr/bin/env node
// linc's launcher. An installed package runs the built command line (dist/cli.js, plain
// JavaScript: no TypeScript at run time). A git checkout without a build, or with
// LINC_FROM_SOURCES=1 (what `npm test` sets, so tests run the sources), runs src/ through tsx, a
// dev dependency. Paths resolve against this file, so it works from any working directory.
import { existsSync } from "node:fs";
import module from "node:module";

// Node 22+ keeps the compiled code of linc's modules on disk between runs (faster start-up);
// older versions have no such cache and skip this.
module.enableCompileCache?.();

// Whatever escapes the command line's own error handling (an error thrown later by a worker or
// native binding) is still a one-line message, not a stack trace. Exit status 70: internal error.
const internal = (e) => {
  process.stderr.write(`internal error: ${e?.message ?? e}${process.env.LINC_DEBUG && e?.stack ? `\n${e.stack}` : ""}\n`);
  process.exit(70);
};
process.on("uncaughtException", internal);
process.on("unhandledRejection", internal);
// `linc graph spec | head`: a closed pipe ends the command quietly.
process.stdout.on("error", (e) => (e.code === "EPIPE" ? process.exit(0) : internal(e)));

const built = new URL("../dist/cli.js", import.meta.url);
const sources = new URL("../src/cli/main.ts", import.meta.url);
const fromSources = existsSync(sources) && (process.env.LINC_FROM_SOURCES === "1" || !existsSync(built));
let main;
if (fromSources) {
  // chevrotain (the parser library) is plain JavaScript spread over hundreds of small modules;
  // loading it before tsx's hooks are installed skips their per-file cost. Later imports of it
  // hit the module cache.
  await import("chevrotain");
  // binaryen.js (the wasm backend's code generator) is one 15 MB JavaScript file: through tsx's
  // hooks it takes seconds to half a minute to load, before them two seconds. Loaded only where the
  // wasm backend may run: a command naming it, and demo / bench (every backend by default).
  const mayUseWasm = process.argv.some((a) => a.includes("wasm")) || ["demo", "bench"].includes(process.argv[2]);
  if (mayUseWasm) await import("binaryen").catch(() => undefined); // missing: the backend says so
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import(sources.href));
} else {
  ({ main } = await import(built.href));
}
const code = await main(process.argv);
// Let stdout/stderr drain, then exit even if a backend left handles open (worker pools, GPU).
process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
