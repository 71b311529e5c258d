// Algebraic properties of modemix, pad along an axis, stack and glu on random data (the reference
// interpreter evaluates): modemix is bilinear, equals `dense(W^T) @ x` with no mode axes and one
// dense product per mode otherwise, and with a W mode axis of 1 equals the W broadcast to full
// length; slicing a padded axis gives x back and the padding is zero; stack slices back into its
// parts; glu of [a, b] is a * sigmoid(b).
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/backends/reference/index.js";
import { parseProgram } from "../../src/dsl/index.js";
import type { HostArray } from "../../src/ir/index.js";
import { relErr } from "../support/compare.js";
import { randomBindings } from "../support/random.js";

const run = (src: string, bindings: Record<string, HostArray>) => evaluate(parseProgram(src, "prop.linc"), bindings);
/** The outputs of a spec on random data: each named output's data. */
function outputs(src: string, seed: number, overrides: Record<string, HostArray> = {}) {
  const p = parseProgram(src, "prop.linc");
  const out = evaluate(p, randomBindings(p, seed, overrides));
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.data as Float64Array]));
}
const sameAs = (o: Record<string, Float64Array>, a: string, b: string, tol = 1e-13) => expect(relErr(o[a], o[b]), `${a} vs ${b}`).toBeLessThanOrEqual(tol);

describe("modemix", () => {
  it("is linear in X and in W", () => {
    const o = outputs(
      "input x: c128[2, 3, 4, 5]\ninput u: c128[2, 3, 4, 5]\ninput w: c128[3, 2, 4, 5]\ninput v: c128[3, 2, 4, 5]\n" +
        "output a = modemix(2 * x - u, w)\noutput b = 2 * modemix(x, w) - modemix(u, w)\n" +
        "output c = modemix(x, w + 3 * v)\noutput d = modemix(x, w) + 3 * modemix(x, v)\n",
      1,
    );
    sameAs(o, "a", "b");
    sameAs(o, "c", "d");
  });

  it("with no mode axes is dense(W^T) @ x", () => {
    const o = outputs("input x: c128[batch, 3, 5]\ninput w: c128[5, 4]\noutput a = modemix(x, w)\noutput b = dense(permute(w, 1, 0)) @ x\n", 2);
    sameAs(o, "a", "b");
  });

  it("is one channel product per mode", () => {
    // mode 2 of a [b, I, 4] mix is the I x O product of X[:, :, 2] and W[:, :, 2]
    const o = outputs(
      "input x: c128[2, 3, 4]\ninput w: c128[3, 5, 4]\noutput a = slice(modemix(x, w), -1, 2, 3)\n" +
        "output b = reshape(modemix(reshape(slice(x, -1, 2, 3), 2, 3), reshape(slice(w, -1, 2, 3), 3, 5)), 2, 5, 1)\n",
      3,
    );
    sameAs(o, "a", "b");
  });

  it("with a W mode axis of 1 is the weights repeated along that axis", () => {
    const o = outputs(
      "input x: f64[2, 3, 4, 5]\ninput w: f64[3, 2, 1, 5]\noutput a = modemix(x, w)\noutput b = modemix(x, concat(w, w, w, w, axis=2))\n",
      4,
    );
    sameAs(o, "a", "b", 0);
  });
});

describe("pad, stack, glu", () => {
  it("slicing the padded axis gives x back, and the padding is zero", () => {
    const src =
      "input x: c128[2, 3, 4]\noutput a = slice(pad(x, 1, 2, 3), 1, 2, 5)\noutput b = x\n" +
      "output z = abs(concat(slice(pad(x, -3, 1, 2), 0, 0, 1), slice(pad(x, -3, 1, 2), 0, 3, 5), axis=0))\n";
    const o = outputs(src, 5);
    sameAs(o, "a", "b", 0);
    expect(Array.from(o.z).every((v) => v === 0)).toBe(true);
  });

  it("stack slices back into its parts, along any axis", () => {
    for (const axis of [0, 1, 2, -1, -3]) {
      const o = outputs(`input u: f64[2, 3]\ninput v: f64[2, 3]\noutput a = reshape(slice(stack(u, v, axis=${axis}), ${axis}, 1, 2), 2, 3)\noutput b = v\n`, 6);
      sameAs(o, "a", "b", 0);
    }
  });

  it("glu of [a, b] along an axis is a * sigmoid(b)", () => {
    const o = outputs("input a: f64[2, 3, 4]\ninput b: f64[2, 3, 4]\noutput g = glu(concat(a, b, axis=1), axis=1)\noutput h = a * sigmoid(b)\n", 7);
    sameAs(o, "g", "h", 0);
  });
});

it("pad before the data on the last axis puts the zeros first", () => {
  const x: HostArray = { dtype: "f64", shape: [1, 2], data: Float64Array.from([1, 2]) };
  expect(Array.from(run("input x: f64[1, 2]\noutput y = pad(x, -1, 1, 0)\n", { x }).y.data as Float64Array)).toEqual([0, 1, 2]);
});
