// `npm run bench`: every benchmark, one after another, each in its own process (so one's
// memory and JIT state do not colour the next). Each prints its own side-by-side table with
// ratios against its named peer. `npm run bench -- fft onnx` runs a subset.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
// every bench/<name>.ts but this runner
const ALL = readdirSync(here).filter((f) => f.endsWith(".ts") && f !== "run.ts").map((f) => f.slice(0, -3)).sort();
const pick = process.argv.slice(2);
const names = pick.length ? pick : ALL;
let failed = 0;
for (const name of names) {
  const file = join(here, `${name}.ts`);
  if (!existsSync(file)) {
    console.log(`\n=== ${name}: no such benchmark (have ${ALL.join(", ")})`);
    continue;
  }
  console.log(`\n=== bench/${name}.ts`);
  // binaryen (15 MB of JavaScript) loads in seconds before tsx's hooks, in half a minute through them
  const pre = name === "wasm" || name === "layers" ? ["--import", "binaryen"] : [];
  const r = spawnSync(process.execPath, [...pre, "--import", "tsx", "--expose-gc", file], { stdio: "inherit" });
  if (r.status !== 0) (failed++, console.log(`=== ${name} exited with ${r.status}`));
}
process.exit(failed ? 1 : 0);
