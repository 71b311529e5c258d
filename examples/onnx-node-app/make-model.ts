// Regenerates model.onnx from spec.linc with linc (h = exponentially decaying filter).
// Run from the repo root: node --import tsx examples/onnx-node-app/make-model.ts
import { readFileSync, writeFileSync } from "node:fs";
import "../../src/ir/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { compileOnnx } from "../../src/backends/onnx/index.js";
const dir = new URL(".", import.meta.url).pathname;
const prog = parseProgram(readFileSync(dir + "spec.linc", "utf8"), "spec.linc");
const h = Float32Array.from({ length: 256 }, (_, i) => Math.exp(-i / 16));
const params = { h: { dtype: "f32" as const, shape: [256], data: h } };
// what `linc compile --target onnx` does: the optimiser's kernel graph, then the backend
writeFileSync(dir + "model.onnx", compileOnnx(lowerForBackend(prog, { target: "onnx", params }), { params }));
