// The playground bundles the library for the browser with `node:` modules stubbed
// (scripts/serve-playground.mjs): every name that the library's layers import from a `node:`
// module must be one of the stub's exports, or the page's build fails ("No matching export").
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** The layers the page reaches (the CLI is not bundled). */
const LAYERS = ["api", "backends", "ir", "passes", "dsl"];

const sources = LAYERS.flatMap((l) =>
  (readdirSync(join(root, "src", l), { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).map((f) => join(root, "src", l, f)),
);

describe("the playground's node: stub", () => {
  it("exports every name the library imports from node: modules", () => {
    const imported = new Set<string>();
    for (const f of sources)
      for (const m of readFileSync(f, "utf8").matchAll(/import\s*\{([^}]*)\}\s*from\s*"node:[a-z/]+"/g))
        for (const name of m[1].split(",").map((s) => s.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0]).filter(Boolean)) imported.add(name);
    const script = readFileSync(join(root, "scripts/serve-playground.mjs"), "utf8");
    const stub = /export const ([^;]*);/.exec(script.slice(script.indexOf('namespace: "node-stub" }, () =>')))?.[1] ?? "";
    const exported = new Set(stub.split(",").map((s) => s.split("=")[0].trim()));
    expect(imported.size).toBeGreaterThan(0);
    expect([...imported].filter((n) => !exported.has(n))).toEqual([]);
  });
});
