// Start-up of the command line as users run it (bin/linc.mjs over the built dist/cli.js), next to
// `node -e 0` measured in the same run: median wall time of 10 cold processes per command, the
// commands interleaved round by round so background load hits them alike.
//
//   node --import tsx bench/cli-startup.ts        (npm run bench -- cli-startup)
//
// Targets (issue 12): `--help` at most 2x `node -e 0`, `check` at most 3x. Builds dist/ first
// when it is missing (`npm run build`).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const RUNS = Number(process.env.RUNS ?? 10);
const out = mkdtempSync(join(tmpdir(), "linc-startup-"));
const bin = join(root, "bin", "linc.mjs");
const spec = join(root, "examples", "causal_conv.linc");

const CASES: { name: string; args: string[]; target?: number }[] = [
  { name: "node -e 0", args: ["-e", "0"] },
  { name: "linc --help", args: [bin, "--help"], target: 2 },
  { name: "linc check", args: [bin, "check", spec], target: 3 },
  { name: "linc compile --target js", args: [bin, "compile", spec, "--target", "js", "-o", join(out, "kernel.mjs")] },
];

if (!existsSync(join(root, "dist", "cli.js"))) {
  console.log("dist/ is missing: building it (npm run build)");
  if (spawnSync(process.execPath, [join(root, "scripts", "build.mjs")], { stdio: "inherit" }).status !== 0) process.exit(1);
}
const env = { ...process.env, LINC_FROM_SOURCES: "" }; // the built command line, as installed

function once(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, env, stdio: ["ignore", "ignore", "pipe"] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited with ${r.status}: ${r.stderr}`);
  return ms;
}

const times = CASES.map(() => [] as number[]);
for (const c of CASES) once(c.args); // warm the file cache
for (let round = 0; round < RUNS; round++) CASES.forEach((c, i) => times[i].push(once(c.args)));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const meds = times.map(median);
console.log(`median of ${RUNS} cold processes each (wall time, ms; min..max):`);
CASES.forEach((c, i) => {
  const ratio = meds[i] / meds[0];
  const verdict = c.target === undefined ? "" : ratio <= c.target ? `   target <= ${c.target}x: met` : `   target <= ${c.target}x: MISSED`;
  console.log(`  ${c.name.padEnd(26)} ${meds[i].toFixed(1).padStart(7)}  (${Math.min(...times[i]).toFixed(0)}..${Math.max(...times[i]).toFixed(0)})  ${i ? `${ratio.toFixed(2)}x node -e 0` : ""}${verdict}`);
});
