#!/usr/bin/env node
// Bundles the playground (examples/playground/main.ts, everything it imports from src/, and
// @viz-js/viz: Graphviz as WebAssembly, inlined in its module) with esbuild, in memory, and serves
// it with index.html and style.css from a small static server on 127.0.0.1 (a secure context, so
// the browser offers WebGPU). `node scripts/serve-playground.mjs [--port N]` (0 = a free port);
// `--out DIR` writes the same files to DIR for any static host instead of serving them (e.g.
// examples/playground/dist, git-ignored). The browser test imports startPlayground() from here.
import { build } from "esbuild";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const dir = join(root, "examples/playground");

/** esbuild plugins: the examples as a virtual module; Node built-ins (only the cpu/onnx file writers use them) and onnxruntime-node as empty stubs. */
const plugins = [
  {
    name: "linc-examples",
    setup(b) {
      b.onResolve({ filter: /^linc-examples$/ }, () => ({ path: "linc-examples", namespace: "linc-examples" }));
      b.onLoad({ filter: /.*/, namespace: "linc-examples" }, () => {
        const ex = join(root, "examples");
        const all = Object.fromEntries(readdirSync(ex).filter((f) => f.endsWith(".linc")).sort().map((f) => [basename(f, ".linc"), readFileSync(join(ex, f), "utf8")]));
        return { contents: `export default ${JSON.stringify(all)};`, loader: "js" };
      });
      // node: modules are stubbed: each name that src/ imports from one is listed here (test/infra
      // checks the list), and the page never calls them (files and the machine are the CLI's)
      b.onResolve({ filter: /^node:/ }, (a) => ({ path: a.path, namespace: "node-stub" }));
      // the backend registry reaches onnx/run.ts; the page compiles ONNX models but never runs one
      b.onResolve({ filter: /^onnxruntime-node$/ }, () => ({ path: "onnxruntime-node", namespace: "ort-stub" }));
      b.onLoad({ filter: /.*/, namespace: "ort-stub" }, () => ({ contents: "export default {};", loader: "js" }));
      b.onLoad({ filter: /.*/, namespace: "node-stub" }, () => ({ contents: "export default {}; export const mkdirSync = undefined, renameSync = undefined, rmSync = undefined, writeFileSync = undefined, readFileSync = undefined, basename = undefined, dirname = undefined, extname = undefined, join = undefined, arch = undefined, cpus = undefined, platform = undefined;", loader: "js" }));
    },
  },
];

/** The bundle: { "main.js": code, "main.js.map": its source map (linked, so the module stays small) }. */
export async function bundlePlayground() {
  const res = await build({
    entryPoints: [join(dir, "main.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    outdir: "/",
    sourcemap: "linked",
    logLevel: "silent",
    plugins,
    // binaryen (the wasm backend's code generator, 15 MB) stays out: the page offers the other backends
    external: ["esbuild", "binaryen"],
    // the parser reads this flag from process.env (there is no process in a page); as in the build, the page skips chevrotain's grammar checks (the tests run them on the sources)
    define: { "process.env.LINC_SKIP_GRAMMAR_CHECKS": '"1"' },
  });
  return Object.fromEntries(res.outputFiles.map((f) => [basename(f.path), f.contents]));
}

const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".map": "application/json" };

/** The page's files by URL path: [bytes, content type]. */
async function playgroundFiles() {
  const bundle = await bundlePlayground();
  return {
    "/index.html": [readFileSync(join(dir, "index.html")), TYPES[".html"]],
    "/style.css": [readFileSync(join(dir, "style.css")), TYPES[".css"]],
    "/main.js": [bundle["main.js"], TYPES[".js"]],
    "/main.js.map": [bundle["main.js.map"], TYPES[".map"]],
  };
}

/** Bundle, then serve on host:port (port 0: any free port). Resolves to { url, close() }. */
export async function startPlayground({ port = 0, host = "127.0.0.1" } = {}) {
  const files = await playgroundFiles();
  files["/"] = files["/index.html"];
  const server = createServer((req, res) => {
    // the path alone ("//" and the like are paths here, never another host)
    const f = Object.hasOwn(files, (req.url ?? "/").split(/[?#]/)[0]) ? files[(req.url ?? "/").split(/[?#]/)[0]] : undefined;
    if (!f) return res.writeHead(404).end("not found");
    res.writeHead(200, { "content-type": f[1], "cache-control": "no-store" }).end(f[0]);
  });
  await new Promise((ok, bad) => server.once("error", bad).listen(port, host, ok));
  const addr = server.address();
  return { url: `http://${host}:${addr.port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Write the page's files to `out` (for a static host). */
export async function writePlayground(out) {
  mkdirSync(out, { recursive: true });
  for (const [path, [bytes]] of Object.entries(await playgroundFiles())) writeFileSync(join(out, path), bytes);
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href && process.argv.includes("--out")) {
  const out = resolve(process.argv[process.argv.indexOf("--out") + 1] ?? join(dir, "dist"));
  await writePlayground(out);
  console.log(`wrote the playground to ${out} (serve it over http(s); WebGPU needs a secure context)`);
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const i = process.argv.indexOf("--port");
  const port = i > 0 ? Number(process.argv[i + 1]) : Number(process.env.PORT ?? 8080);
  const { url } = await startPlayground({ port });
  console.log(`linc playground at ${url}  (Ctrl-C to stop)`);
}
