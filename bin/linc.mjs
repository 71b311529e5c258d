#!/usr/bin/env node
// linc's launcher: registers tsx so the TypeScript sources run directly, then hands over to the
// command line. Paths resolve against this file, so it works from any working directory.

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

// chevrotain (the parser library) is plain JavaScript spread over hundreds of small modules;
// loading it before tsx's hooks are installed skips their per-file cost (about half of the
// start-up time of `linc check`). Later imports of it hit the module cache.
await import("chevrotain");
// binaryen.js (the wasm backend's code generator) is one 15 MB JavaScript file: through tsx's
// hooks it takes seconds to half a minute to load, before them two seconds. Loaded only where the
// wasm backend may run: a command naming it, and demo / bench (every backend by default).
const mayUseWasm = process.argv.some((a) => a.includes("wasm")) || ["demo", "bench"].includes(process.argv[2]);
if (mayUseWasm) await import("binaryen").catch(() => undefined); // missing: the backend says so
const { register } = await import("tsx/esm/api");
register();
const { main } = await import("../src/cli/main.ts");
const code = await main(process.argv);
// Let stdout/stderr drain, then exit even if a backend left handles open (worker pools, GPU).
process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
