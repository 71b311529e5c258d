// Every backend's op table covers the whole kernel op set (tsc checks the tables; this checks the
// Backend objects that the command line and the playground see), and every op a backend declares
// unsupported is refused, on a real lowered program, with E0801 naming the op, the backend and
// the table's reason. A backend that gains an Unsupported entry needs a spec below that reaches
// it, or this test fails.
import { describe, expect, it } from "vitest";
import { BACKENDS, type Backend } from "../../src/backends/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import { KERNEL_OPS, type KernelOp, type Node, type Program, mk, staging, tensorType, toposort } from "../../src/ir/index.js";
import { lowerForBackend } from "../../src/passes/index.js";

/** A program, lowered for `target`, in which `op` survives with run-time data. */
const SPECS: Partial<Record<KernelOp, string>> = {
  cg_path: "input a: f64[batch, 3]\ninput b: f64[batch, 3]\noutput y = cg_path(a, b, l1=1, l2=1, l3=1)",
  s4d_kernel: "input lam: c128[4]\ninput B: c128[4]\ninput C: c128[4]\noutput K = s4d_kernel(lam, B, C, 0.1, 16)",
  dplr_spectrum: "input lam: c128[4]\ninput P: c128[4]\ninput B: c128[4]\ninput C: c128[4]\noutput K = dplr_kernel(lam, P, B, C, 0.1, 16)",
  ssm_powers: "input A: f64[4, 4]\ninput B: f64[4]\ninput C: f64[4]\noutput K = ssm_kernel(A, B, C, 0.1, 16)",
  minverse: "input c: f64[4]\ninput x: f64[batch, 4]\noutput y = inv(circulant(c)) @ x",
  mcayley: "input W: f64[2, 2, 8]\ninput x: f64[batch, 16]\noutput y = cayley(block_circulant(W)) @ x",
  chan_transpose: "input W: f64[2, 2, 8]\ninput x: f64[batch, 16]\noutput y = block_circulant(filter_adjoint(W)) @ x",
  diagblocks: "input W: f64[2, 3, 8]\ninput x: f64[batch, 24]\noutput y = block_circulant(W) @ x",
  sh_matrix: "input a: f64[batch, 9]\ninput t: f64[5]\ninput p: f64[5]\noutput y = sh_eval(a, t, p)",
};

/** Ops no lowering leaves on run-time data (they always fold): a hand-built program holding one. */
const MANUAL: Partial<Record<KernelOp, () => Node>> = {
  hippo_A: () => mk("hippo_A", tensorType("f64", [4, 4]), [], { kind: "legs", n: 4 }),
  hippo_B: () => mk("hippo_B", tensorType("f64", [4]), [], { kind: "legs", n: 4 }),
  // ssm-kernel-dplr picks it only where B and C fold; a run-time B or C takes ssm_powers
  ssm_dplr: () => {
    const A = mk("input", tensorType("f64", [4, 4]), [], { name: "A" });
    const B = mk("input", tensorType("f64", [4]), [], { name: "B" }), C = mk("input", tensorType("f64", [4]), [], { name: "C" });
    return mk("ssm_dplr", tensorType("f64", [16]), [A, B, C], { dt: 0.1, L: 16, kind: "legs" });
  },
  ssm_basis: () => {
    const A = mk("input", tensorType("f64", [4, 4]), [], { name: "A" }), B = mk("input", tensorType("f64", [4]), [], { name: "B" });
    return mk("ssm_basis", tensorType("f64", [16, 4]), [A, B], { dt: 0.1, L: 16, method: "bilinear" });
  },
};

function programFor(op: KernelOp, b: Backend): Program {
  const spec = SPECS[op];
  if (spec) return lowerForBackend(parseProgram(spec, `${op}.linc`), { target: b.target });
  const node = MANUAL[op]!();
  const inputs = node.src.filter((s) => s.op === "input").map((s) => ({ name: s.op === "input" ? s.arg.name : "", node: s }));
  return { file: `${op}.linc`, source: "", consts: new Map(), inputs, params: [], outputs: [{ name: "y", node }] };
}

const names = Object.keys(BACKENDS) as (keyof typeof BACKENDS)[];

describe.each(names)("the %s backend's table", (name) => {
  it("covers exactly the kernel op set", async () => {
    const b = await BACKENDS[name]();
    expect(Object.keys(b.coverage).sort()).toEqual([...KERNEL_OPS].sort());
  });

  it("refuses each op it declares unsupported with E0801, the op, the backend and the reason", async () => {
    const b = await BACKENDS[name]();
    const refused = (Object.entries(b.coverage) as [KernelOp, string | undefined][]).filter(([, why]) => why !== undefined);
    for (const [op, why] of refused) {
      expect(SPECS[op] ?? MANUAL[op], `no spec reaches '${op}' on ${name}: add one to SPECS or MANUAL`).toBeDefined();
      const p = programFor(op, b);
      expect(p.outputs.some((o) => reaches(o.node, op)), `the spec for '${op}' does not keep it after lowering for ${name}`).toBe(true);
      const attempt = async () => (b.compile ? b.compile(p) : b.run(p, {}));
      // a backend may evaluate an op on constants at compile time itself (onnx folds them)
      const node = toposort(p.outputs.map((o) => o.node)).find((n) => n.op === op)!;
      if (staging(p.outputs.map((o) => o.node)).get(node) === "const") {
        await attempt().catch((e: Error) => expect(e.message).toContain(`op '${op}' is not supported by the ${name} backend: ${why}`));
        continue;
      }
      await expect(attempt(), `${name} on ${op}`).rejects.toThrow(`op '${op}' is not supported by the ${name} backend: ${why}`);
      await attempt().catch((e: { code?: string }) => expect(e.code).toBe("E0801"));
    }
  });
});

const reaches = (n: Node, op: string): boolean => toposort([n]).some((m) => m.op === op);
