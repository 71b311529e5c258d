// A kernel emitted by the wasm backend runs in Chromium: the module (wasm bytes embedded,
// instantiated asynchronously as browsers require on the main thread) is served from 127.0.0.1
// with a page that imports it, and its output on data made in the page agrees with the
// reference interpreter's on the same data (an FFT, a real FFT and a Walsh-Hadamard transform), for
// a first kernel and for a second one (its own instance, made synchronously) run through its
// zero-copy views.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { type Server, createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { evaluate } from "../../src/backends/reference/index.js";
import { wasmBackend } from "../../src/backends/wasm/backend.js";
import { loadBinaryen } from "../../src/backends/wasm/binaryen.js";
import { parseProgram } from "../../src/dsl/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { CHROMIUM, haveChromium } from "../support/browser.js";

const N = 256;
const SPEC = `input x: c64[2, ${N}]\ninput r: f32[2, ${2 * N}]\noutput y = dft(${N}) @ x\noutput z = rdft(${2 * N}) @ r\noutput h = wht(${2 * N}, "ortho") @ r\n`;
const data = Float32Array.from({ length: 4 * N }, (_, i) => Math.sin(0.37 * i) + 0.25 * Math.cos(1.9 * i));

describe.skipIf(!haveChromium)("an emitted wasm kernel in Chromium", () => {
  const profile = mkdtempSync(join(tmpdir(), "linc-chromium-"));
  let server: Server | undefined;
  afterAll(async () => {
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
    rmSync(profile, { recursive: true, force: true });
  });

  it("imports the module in a page and matches the reference", async () => {
    await loadBinaryen();
    const program = parseProgram(SPEC, "page.linc");
    const art = wasmBackend.compile!(lowerForBackend(program, { target: "wasm" }));
    expect(art.text).toContain("WebAssembly.instantiate");
    expect(art.text).toContain(`wht n=${2 * N} real f32 in WebAssembly SIMD`);
    const files: Record<string, [string, string]> = {
      "/": ["text/html", "<!doctype html><title>linc wasm</title>"],
      "/kernel.mjs": ["text/javascript", art.text!],
    };
    server = createServer((req, res) => {
      const f = files[req.url ?? ""];
      res.writeHead(f ? 200 : 404, { "content-type": f ? f[0] : "text/plain" }).end(f ? f[1] : "");
    });
    await new Promise<void>((done) => server!.listen(0, "127.0.0.1", done));
    const port = (server.address() as { port: number }).port;
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--no-first-run", "--disable-background-networking"] });
    try {
      const page = browser.pages()[0] ?? (await browser.newPage());
      await page.goto(`http://127.0.0.1:${port}/`);
      // the page's own script (a string: the test runner rewrites import() in functions it ships)
      const got = (await page.evaluate(`(async () => {
        const x = Float32Array.from(${JSON.stringify(Array.from(data))});
        const mod = await import("/kernel.mjs");
        const out = mod.createKernel().run({ x, r: x });
        // a second kernel (its own instance, made synchronously) through its zero-copy views
        const k2 = mod.createKernel(), v = k2.views();
        v.inputs.x.set(x);
        v.inputs.r.set(x);
        const out2 = k2.run(v.inputs, v.outputs);
        return { y: Array.from(out.y), z: Array.from(out.z), h: Array.from(out.h), y2: Array.from(out2.y), z2: Array.from(out2.z), h2: Array.from(out2.h), inPlace: out2.y === v.outputs.y };
      })()`)) as Record<"y" | "z" | "h" | "y2" | "z2" | "h2", number[]> & { inPlace: boolean };
      expect(got.inPlace).toBe(true);
      const want = evaluate(program, { x: { dtype: "c64", shape: [2, N], data }, r: { dtype: "f32", shape: [2, 2 * N], data } });
      for (const [k, w] of [["y", want.y.data], ["z", want.z.data], ["h", want.h.data], ["y2", want.y.data], ["z2", want.z.data], ["h2", want.h.data]] as const) {
        const ref = Array.from(w as ArrayLike<number>), scale = Math.max(...ref.map(Math.abs));
        const err = Math.max(...ref.map((v, i) => Math.abs(v - got[k][i])));
        expect(err / scale, k).toBeLessThan(1e-5);
      }
    } finally {
      await browser.close();
    }
  }, 120_000);
});
