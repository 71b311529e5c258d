// The example apps run as a user would run them: examples/node-app builds its kernel with
// `linc compile` and imports only the emitted module; examples/onnx-node-app loads the
// committed linc-emitted model with onnxruntime-node alone. Each checks its own numbers
// (against a direct sum / a closed form) and exits non-zero on a mismatch.
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const app = join(root, "examples/node-app");
afterAll(() => rmSync(join(app, "kernel"), { recursive: true, force: true }));

describe("example apps", () => {
  it("node-app: compiled with linc, run without it", () => {
    const build = spawnSync("sh", [join(app, "build.sh")], { encoding: "utf8", timeout: 120_000 });
    expect(build.status, build.stderr).toBe(0);
    expect(readFileSync(join(app, "main.mjs"), "utf8")).not.toMatch(/from ["'][^"']*(src|linc)/);
    const run = spawnSync(process.execPath, [join(app, "main.mjs")], { cwd: app, encoding: "utf8", timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/max relative error vs direct sum/);
  });
  it("onnx-node-app: the committed model runs in onnxruntime-node", () => {
    const dir = join(root, "examples/onnx-node-app");
    const run = spawnSync(process.execPath, [join(dir, "main.mjs")], { cwd: dir, encoding: "utf8", timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^ok$/m);
  });
});
