// The playground's page in headless Chromium (as playground.test.ts serves and drives it): the
// graphs laid out by Graphviz (every label inside its node's shape, zoomable), the generated code
// of each backend in tabs beside the spec, the ONNX download of every example with params either
// as graph inputs or bound (random), a download failure and a run failure shown on the page,
// stale results greyed out after an edit and an error, the spec in the URL hash (a link opens
// it), and screenshots (graph view, code view, error state) saved as PNG to test-artifacts/
// (git-ignored: the run's output, not a source).
import { mkdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LincError, compile } from "../../src/api/index.js";
import { decodeModel } from "../../src/backends/onnx/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { CHROMIUM, GPU_FLAGS, type Page, type Playground, haveChromium as have, openPlayground } from "../support/browser.js";

const ARTIFACTS = resolve("test-artifacts");
/** The name the page gives its spec in diagnostics (main.ts). */
const FILE = "playground.linc";
const lp = <T>(page: Page, f: string, ...args: unknown[]): Promise<T> =>
  page.evaluate(([f, args]) => (window as any).lincPlayground[f as string](...(args as unknown[])), [f, args] as const); // untyped: a global of the page

/** A spec whose ONNX model needs its param angles bound (sh_matrix folds at compile time only). */
const ANGLES = "input a: f64[batch, 16]\nparam theta: f64[5]\nparam phi: f64[5]\noutput f = sh_eval(a, theta, phi)\n";

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, name);
  await page.screenshot({ path, type: "png" }); // the viewport (1400 x 1000), not the full page
  const size = statSync(path).size;
  expect(size).toBeGreaterThan(5000);
  expect(size).toBeLessThan(600_000);
}

if (!have) console.warn(`[browser test] skipped: ${CHROMIUM} not found (apt-get install chromium, or set LINC_CHROMIUM)`);

describe.skipIf(!have)("playground page in headless Chromium", () => {
  let page: Page, pg: Playground | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    pg = await openPlayground({ args: GPU_FLAGS, acceptDownloads: true, prepare: (p) => p.on("pageerror", (e) => pageErrors.push(String(e))) });
    page = pg.page;
  }, 120000);

  afterAll(async () => {
    await pg?.close();
  });

  it("lays the graphs out with Graphviz: one SVG node per IR node and output, every label inside its shape; zooms", async () => {
    const c = await lp<{ ok: boolean; nodesBefore: number; nodesAfter: number }>(page, "load", "afno_mixer");
    expect(c.ok).toBe(true);
    expect(await lp<string>(page, "showTab", "graphs")).toBe("");
    expect(await page.evaluate(() => (window as any).lincPlayground.graphviz)).toMatch(/^\d+\.\d+/); // untyped: a global of the page
    const p = parseProgram(await page.locator("#source").inputValue(), "afno_mixer.linc");
    const before = await page.locator("#graph-before svg g.node").count();
    expect(before).toBe(c.nodesBefore);
    // the declarations, every node under the outputs, and one node per output
    expect(before).toBeGreaterThanOrEqual(p.inputs.length + p.params.length + p.outputs.length + 3);
    expect(await page.locator("#graph-after svg g.node").count()).toBe(c.nodesAfter);
    expect(await page.locator("#graph-before svg g.edge").count()).toBeGreaterThan(before - 2);
    const cut = await page.locator(".graph svg g.node").evaluateAll((gs) =>
      gs.flatMap((g) => {
        const shapes = Array.from(g.querySelectorAll("polygon, ellipse, path")).map((s) => (s as SVGGraphicsElement).getBBox());
        const box = { x0: Math.min(...shapes.map((b) => b.x)), y0: Math.min(...shapes.map((b) => b.y)), x1: Math.max(...shapes.map((b) => b.x + b.width)), y1: Math.max(...shapes.map((b) => b.y + b.height)) };
        return Array.from(g.querySelectorAll("text")).map((t) => (t as SVGGraphicsElement).getBBox()).filter((b) => b.x < box.x0 - 1 || b.y < box.y0 - 1 || b.x + b.width > box.x1 + 1 || b.y + b.height > box.y1 + 1).map(() => g.querySelector("title")!.textContent);
      }));
    expect(cut).toEqual([]);
    // nor clipped: a lowered node's long plan is wrapped over lines, never ended with "…"
    const texts = await page.locator("#graph-after svg g.node text").allTextContents();
    expect(texts.filter((t) => t.endsWith("…"))).toEqual([]);
    expect(texts.join("\n")).toMatch(/plan=/);
    // tooltips: the IR node's full text; data-op set from the IR
    expect(await page.locator("#graph-before g.node[data-op='param'] title").first().textContent()).toMatch(/param/);
    expect(await page.locator("#graph-before g.node[data-op='output']").count()).toBe(p.outputs.length);
    // zoom: buttons and the wheel scale the picture, fit brings it back to the box's width
    const width = () => page.locator("#graph-before svg").evaluate((s) => Number(s.getAttribute("width")));
    await lp(page, "zoom", 0, 1);
    const w1 = await width();
    await page.locator("#graph-before .zoombar button", { hasText: "+" }).click();
    expect(await width()).toBeCloseTo(w1 * 1.25, -1);
    await page.locator("#graph-before .zoompane").hover();
    await page.mouse.wheel(0, 200);
    expect(await width()).toBeCloseTo(w1, -1);
    await page.locator("#graph-before .zoombar button", { hasText: "fit" }).click();
    expect(await width()).toBeLessThanOrEqual(await page.locator("#graph-before .zoompane").evaluate((e) => e.clientWidth));
    await lp(page, "run", { batch: 2, seed: 1, mode: "webgl2" });
    await shot(page, "playground-graph.png");
    expect(pageErrors).toEqual([]);
  }, 120000);

  it("shows the generated code of each backend and the lowered IR beside the spec", async () => {
    await lp(page, "load", "spectral_filter");
    const js = await lp<string>(page, "showTab", "js");
    expect(js).toMatch(/export \{ inputs, params, outputs, createKernel \}/);
    const left = await page.locator("#editor").boundingBox(), right = await page.locator("#panel-js").boundingBox();
    expect(await page.locator("#panel-js").isVisible()).toBe(true);
    expect(right!.x).toBeGreaterThanOrEqual(left!.x + left!.width); // beside the spec, not under it
    expect(await lp<string>(page, "showTab", "gpujs")).toContain(`import gpujs from "gpu.js"`);
    const onnx = await lp<string>(page, "showTab", "onnx");
    expect(onnx).toMatch(/^# ONNX model: \d+ bytes; ir_version \d+; opset ai\.onnx \d+/);
    expect(onnx).toMatch(/^# ops: .*×\d+/m);
    expect(onnx).toMatch(/^input  x: f64\[batch, 256\]$/m);
    expect(onnx).toMatch(/^input  w: f64\[129, 2\]$/m); // params stay inputs by default (the checkbox)
    expect(onnx).toMatch(/^\S+ = \w+\(.*\)/m);
    const ir = await lp<string>(page, "showTab", "ir");
    expect(ir).toMatch(/^# spectral_filter|^# playground\.linc/);
    expect(ir).toMatch(/^%0 = /m);
    expect(ir).toMatch(/^output \w+ = %\d+$/m);
    // then the library's explain(): each pass with its cost before and after, and the planner's choices
    expect(ir).toMatch(/^# the passes for cpu \(explain/m);
    expect(ir).toMatch(/^# {3}\w+: \d+ nodes, \d+ flops, \d+ bytes -> \d+ nodes/m);
    expect(ir).toMatch(/^# plans:\n# {3}.*dft\(256\)/m);
    await page.selectOption("#ir-target", "reference");
    expect(await page.locator("#panel-ir").textContent()).not.toBe(ir);
    await lp(page, "showTab", "js");
    await shot(page, "playground-code.png");
    expect(pageErrors).toEqual([]);
  }, 120000);

  /**
   * Examples whose params, bound at compile time, fold past the constant-folding budget (E0604, a
   * coded refusal the page shows): the reason for each. Params as graph inputs work for them.
   */
  const FOLD_REFUSED: Readonly<Record<string, string>> = {
    s4d_layer: "S4D's kernel folds through a [256, 32, 4096] complex Vandermonde product (2.5e8 elements held at once)",
  };

  it("downloads the ONNX model of every example, params as graph inputs or bound at random (the checkbox)", async () => {
    const names = await page.evaluate(() => (window as any).lincPlayground.examples as string[]); // untyped: a global of the page
    expect(names.length).toBeGreaterThanOrEqual(12);
    let withParams = 0, refusedCount = 0;
    const boundRefused: string[] = [];
    for (const name of names)
      for (const asInputs of [true, false]) {
        await lp(page, "load", name);
        await page.locator("#params-as-inputs").setChecked(asInputs);
        const source = await page.locator("#source").inputValue();
        // a model the library cannot make with params unbound (a per-frequency solve of a param,
        // say: ONNX has no op for it) is not downloaded: the page shows the library's error
        const refused = asInputs ? await compile(source, { target: "onnx", paramsAsInputs: true, file: FILE }).then(() => undefined, (e: Error) => e) : undefined;
        if (refused) {
          expect(refused).toBeInstanceOf(LincError);
          await page.click("#dl-onnx");
          await page.locator("#error").waitFor({ state: "visible" });
          expect(await page.locator("#error").textContent()).toBe(`download onnx failed: ${refused.message}`);
          refusedCount++;
          continue;
        }
        if (!asInputs && Object.hasOwn(FOLD_REFUSED, name)) {
          await page.click("#dl-onnx");
          await page.locator("#error").waitFor({ state: "visible" });
          expect(await page.locator("#error").textContent()).toContain("E0604");
          boundRefused.push(name);
          continue;
        }
        const [dl] = await Promise.all([page.waitForEvent("download", { timeout: 60000 }), page.click("#dl-onnx")]);
        expect(dl.suggestedFilename()).toBe("kernel.onnx");
        expect(await page.locator("#error").isHidden(), `${name}: ${await page.locator("#error").textContent()}`).toBe(true);
        const bytes = new Uint8Array(Buffer.concat(await (await dl.createReadStream()).toArray()));
        const g = decodeModel(bytes).graph;
        const p = parseProgram(await page.locator("#source").inputValue(), `${name}.linc`);
        const inputs = g.input.map((v) => v.name);
        for (const d of p.inputs) expect(inputs, `${name}: input ${d.name}`).toContain(d.name);
        for (const d of p.params) expect(inputs.includes(d.name), `${name}: param ${d.name} a graph input`).toBe(asInputs);
        expect(g.node.length).toBeGreaterThan(0);
        if (p.params.length && asInputs) withParams++;
      }
    expect(withParams).toBeGreaterThanOrEqual(8);
    expect(refusedCount).toBe(0); // every example compiles with its params as graph inputs (orthogonal_conv's Cayley solve included)
    expect(boundRefused.sort()).toEqual(Object.keys(FOLD_REFUSED).sort());
    expect(pageErrors).toEqual([]);
  }, 240000);

  it("downloads the compiled js modules (js = the cpu backend's, and gpujs), each with its typings", async () => {
    await lp(page, "load", "spectral_filter");
    const read = async (dl: import("playwright-core").Download) => Buffer.concat(await (await dl.createReadStream()).toArray()).toString("utf8");
    // a JavaScript target saves two files: the module and its declarations, whose header names it
    const downloadTwo = async (button: string): Promise<import("playwright-core").Download[]> => {
      const downloads: import("playwright-core").Download[] = [];
      let onDownload = (_: import("playwright-core").Download) => {};
      const both = new Promise<void>((done) => (onDownload = (d) => void (downloads.push(d) === 2 && done())));
      page.on("download", onDownload);
      await page.click(button);
      await both;
      page.off("download", onDownload);
      return downloads;
    };
    const gpu = await downloadTwo("#dl-gpujs");
    expect(gpu.map((d) => d.suggestedFilename())).toEqual(["kernel.gpujs.mjs", "kernel.gpujs.d.mts"]);
    expect(await read(gpu[0])).toContain(`import gpujs from "gpu.js"`);
    expect(await read(gpu[1])).toMatch(/export declare function createKernel\(.*\): Promise<Kernel>;/);
    const downloads = await downloadTwo("#dl-js");
    expect(downloads.map((d) => d.suggestedFilename())).toEqual(["kernel.cpu.mjs", "kernel.cpu.d.mts"]);
    expect(await read(downloads[0])).toContain("export { inputs, params, outputs, createKernel }");
    const dts = await read(downloads[1]);
    expect(dts).toContain("typings of kernel.cpu.mjs");
    expect(dts).toMatch(/export declare function createKernel/);
    expect(await page.locator("#status").textContent()).toBe("downloaded kernel.cpu.mjs and kernel.cpu.d.mts");
    expect(await page.locator("#error").isHidden()).toBe(true);
  }, 120000);

  it("shows a download that fails (and downloads once the params are bound)", async () => {
    await lp(page, "setSource", ANGLES);
    await page.locator("#params-as-inputs").setChecked(true);
    await page.click("#dl-onnx");
    await page.locator("#error").waitFor({ state: "visible" }); // the compile is async: the failure shows once it rejects
    await expect(page.locator("#error").textContent()).resolves.toMatch(/download onnx failed: error\[E0801\]: op 'sh_matrix' is not supported by the onnx backend: .*bind its angles as params/);
    expect(await page.locator("#error").isVisible()).toBe(true);
    expect(await page.locator("#status").textContent()).toBe("error");
    expect(await lp<string>(page, "showTab", "onnx")).toMatch(/^error: .*sh_matrix/);
    expect(await page.locator("#panel-onnx").getAttribute("class")).toContain("error");
    await page.locator("#params-as-inputs").setChecked(false);
    const [dl] = await Promise.all([page.waitForEvent("download"), page.click("#dl-onnx")]);
    const g = decodeModel(new Uint8Array(Buffer.concat(await (await dl.createReadStream()).toArray()))).graph;
    expect(g.input.map((v) => v.name)).toEqual(["a"]);
    expect(await page.locator("#error").isHidden()).toBe(true);
    expect(await lp<string>(page, "showTab", "onnx")).toMatch(/^# ONNX model/);
    await page.locator("#params-as-inputs").setChecked(true);
  }, 120000);

  it("greys out stale results after an edit and an error, and shows diagnostics inline", async () => {
    await lp(page, "showTab", "graphs");
    await lp(page, "load", "spectral_filter");
    await lp(page, "run", { batch: 2, seed: 5, mode: "webgl2" });
    const stale = () => page.evaluate(() => ["run-results", "graph-before", "graph-after", "panel-js"].filter((id) => document.getElementById(id)!.classList.contains("stale")));
    expect(await stale()).toEqual([]);
    // an edit: everything made from the old text is stale at once (before the debounced compile)
    await page.locator("#source").press("End");
    await page.locator("#source").type(" ");
    expect(await stale()).toEqual(["run-results", "graph-before", "graph-after", "panel-js"]);
    // the edit compiles: the graphs are fresh again, the run results stay stale until the next run
    await page.waitForFunction(() => !document.getElementById("graph-before")!.classList.contains("stale"));
    expect(await stale()).toEqual(["run-results"]);
    // an error: diagnostics at their position, the old graphs and results greyed
    const out = await lp<{ ok: boolean; diagnostics: string[] }>(page, "setSource", "input x: f32[batch, 8]\noutput y = dft(8) @ z\n");
    expect(out.ok).toBe(false);
    expect(out.diagnostics.join("\n")).toMatch(/^2:\d+ E\d{4}/m);
    expect(await page.locator("#backdrop mark").first().textContent()).toBe("z");
    await expect(page.locator("#diagnostics li").first().textContent()).resolves.toMatch(/^2:\d+: error\[E\d{4}\]/);
    expect(await stale()).toEqual(["run-results", "graph-before", "graph-after", "panel-js"]);
    expect(await page.locator("#run").isDisabled()).toBe(true);
    await shot(page, "playground-error.png");
    // fixed and run again: nothing stale
    await lp(page, "load", "spectral_filter");
    await lp(page, "run", { batch: 2, seed: 5, mode: "webgl2" });
    expect(await stale()).toEqual([]);
    // a run that fails: shown on the page, the previous results greyed
    await expect(lp(page, "run", { batch: 2, seed: 5, mode: "no-such-mode" })).rejects.toThrow(/no-such-mode/);
    expect(await page.locator("#error").textContent()).toMatch(/^run failed: .*no-such-mode/);
    expect(await page.locator("#error").isVisible()).toBe(true);
    expect(await stale()).toEqual(["run-results"]);
    await lp(page, "run", { batch: 2, seed: 5, mode: "webgl2" });
    expect(await stale()).toEqual([]);
    expect(await page.locator("#error").isHidden()).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 120000);

  it("keeps the spec in the URL hash: a link opens it, and a changed hash loads it", async () => {
    const spec = "# a shared spec: ünïcode ✓\ninput x: c64[batch, 16]\noutput y = dft(16, norm=\"ortho\") @ x\n";
    expect((await lp<{ ok: boolean }>(page, "setSource", spec)).ok).toBe(true);
    const url = page.url();
    expect(url).toMatch(/#spec=[A-Za-z0-9_-]+$/);
    const other = await page.context().newPage();
    try {
      await other.goto(url);
      await other.waitForFunction(() => "lincPlayground" in window);
      expect(await other.locator("#source").inputValue()).toBe(spec);
      expect(await other.locator("#diagnostics li.ok").textContent()).toBe("no diagnostics");
      expect(await other.locator("#graph-before svg g.node").count()).toBeGreaterThan(0);
      await lp(page, "setSource", "input x: f64[batch, 8]\noutput y = wht(8) @ x\n");
      await other.evaluate((h) => (location.hash = h), new URL(page.url()).hash);
      await other.waitForFunction(() => (document.getElementById("source") as HTMLTextAreaElement).value.includes("wht(8)"));
    } finally {
      await other.close();
    }
    expect(pageErrors).toEqual([]);
  }, 120000);
});

if (!have)
  describe("playground page in headless Chromium", () => {
    it.skip(`skipped: ${CHROMIUM} not found (apt-get install chromium, or set LINC_CHROMIUM)`, () => {});
  });
