#!/usr/bin/env sh
# Compiles examples/causal_conv.linc to a standalone ES module: kernel/kernel.mjs + kernel.d.mts,
# which main.mjs imports (nothing from linc is imported at run time).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
mkdir -p "$here/kernel"
node "$root/bin/linc.mjs" compile "$root/examples/causal_conv.linc" --target js -o "$here/kernel/kernel.mjs"
