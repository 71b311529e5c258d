#!/usr/bin/env sh
# Compiles examples/causal_conv.linc to a standalone ES module: kernel/kernel.mjs + kernel.d.ts.
# Equivalent CLI (once wired): linc compile examples/causal_conv.linc --target js -o examples/node-app/kernel
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
node --import tsx --input-type=module -e '
import { readFileSync } from "node:fs";
import { parseProgram } from "./src/dsl/index.js";
import { lowerForBackend } from "./src/passes/index.js";
import { emitModule } from "./src/backends/cpu/index.js";
const spec = "examples/causal_conv.linc";
const program = lowerForBackend(parseProgram(readFileSync(spec, "utf8"), spec), { target: "cpu" });
const { modulePath, typingsPath } = await emitModule(program, "examples/node-app/kernel");
console.log("wrote", modulePath, "and", typingsPath);
'
