// The layout and reduction functions over a symbolic (run-time) batch axis, on every backend
// against the reference interpreter, at two batch sizes through one compiled kernel: sum, mean,
// concat and slice along concrete axes behind the batch, reshape keeping it, permute moving it
// (gpujs keeps symbolic axes as its rows, so it refuses to move one: E0801, with its reason).
import { beforeAll, describe, expect, it } from "vitest";
import { getBackend } from "../../src/backends/index.js";
import { evaluate } from "../../src/backends/reference/index.js";
import { loadBinaryen } from "../../src/backends/wasm/binaryen.js";
import { parseProgram } from "../../src/dsl/index.js";
import type { HostArray } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";
import { compiledBackends } from "../support/backends.js";
import { maxAbsErr } from "../support/compare.js";
import { rng } from "../support/random.js";

beforeAll(loadBinaryen);
const r = rng(19);
const batchOf = (b: number): HostArray => ({ dtype: "c128", shape: [b, 3, 4], data: Float64Array.from({ length: b * 24 }, () => r.normal()) });
const KEEPS = `input x: c128[batch, 3, 4]
output s = sum(x, 1)
output m = mean(x, -1)
output c = concat(x, conj(x), axis=1)
output n = slice(x, 1, 1, 3)
output h = reshape(x, -1, 12)
output t = permute(x, 0, 2, 1)
`;
const MOVES = "input x: c128[batch, 3, 4]\noutput p = permute(x, 2, 0, 1)\n";

describe("layout and reductions over a symbolic batch axis", () => {
  for (const target of compiledBackends())
    for (const [name, src] of [["keeps the batch axis", KEEPS], ["moves the batch axis", MOVES]] as const)
      it(`${target}: ${name}`, async () => {
        const p = parseProgram(src, "batch.linc"), backend = await getBackend(target);
        if (target === "gpujs" && src === MOVES) {
          const run = backend.run(lowerForBackend(p, { target }), { x: batchOf(2) });
          await expect(run).rejects.toMatchObject({ code: "E0801", detail: expect.stringContaining("symbolic axis 'batch'") });
          return;
        }
        const lowered = lowerForBackend(p, { target });
        for (const b of [2, 5]) {
          const x = batchOf(b), want = evaluate(p, { x }), got = await backend.run(lowered, { x });
          for (const [k, w] of Object.entries(want)) {
            expect(got[k].shape, `${k}, batch ${b}`).toEqual(w.shape);
            expect(maxAbsErr(got[k].data as Float64Array, w.data as Float64Array), `${k}, batch ${b}`).toBeLessThan(target === "gpujs" ? 1e-5 : 1e-13);
          }
        }
      });
});
