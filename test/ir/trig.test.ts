// The one trig routine (src/ir/math/trig.ts) behind every twiddle, chirp and cosine table: exact
// at the quarter and eighth turns, exactly symmetric (e and n - e are conjugates, e + n is e),
// and as accurate at angles near 2π as near 0, where the unreduced Math.cos(2π e/n) is not.
import { describe, expect, it } from "vitest";
import { TURN_SOURCE, cis, cisTable, halfTurn, passTwiddles, twiddle } from "../../src/ir/index.js";
import { chirp } from "../../src/ir/math/fft.js";

/** [c, s] with -0 read as 0 (the sign of a zero sine is not part of the contract). */
const z = ([c, s]: [number, number]): [number, number] => [c + 0, s + 0];

const SIZES = [1, 2, 3, 5, 8, 12, 17, 64, 100, 1000, 4096, 1 << 20, 3 * (1 << 18), 1e6 + 3];

describe("cis: e^{2πi e/n} from the exactly reduced angle", () => {
  it("is exact at multiples of a quarter turn", () => {
    for (const n of [4, 8, 12, 4096, 1 << 24]) {
      expect(cis(0, n)).toEqual([1, 0]);
      expect(cis(n / 4, n)).toEqual([0, 1]);
      expect(cis(n / 2, n)).toEqual([-1, 0]);
      expect(cis(-n / 4, n)).toEqual([0, -1]);
      expect(cis(3 * n, n)).toEqual([1, 0]);
    }
  });

  it("is exactly symmetric: conj at n - e, periodic in n, sin and cos swapped at n/4 - e", () => {
    for (const n of SIZES)
      for (const e of [1, 2, 3, Math.floor(n / 3), Math.floor(n / 2) - 1].filter((e) => e > 0 && e < n)) {
        const [c, s] = cis(e, n);
        expect(z(cis(n - e, n))).toEqual(z([c, -s]));
        expect(z(cis(-e, n))).toEqual(z([c, -s]));
        expect(cis(e + 5 * n, n)).toEqual([c, s]);
        if (n % 4 === 0 && 8 * e < n) {
          const [c2, s2] = cis(n / 4 - e, n);
          expect([c2, s2]).toEqual([s, c]);
        }
      }
  });

  it("keeps full accuracy near a whole turn, where the unreduced angle loses digits", () => {
    const n = 1 << 20, naive = Math.sin((2 * Math.PI * (n - 1)) / n), exact = -Math.sin((2 * Math.PI) / n);
    expect(cis(n - 1, n)[1]).toBe(exact);
    expect(Math.abs(naive - exact) / Math.abs(exact)).toBeGreaterThan(1e-12); // the error the reduction removes
    // every entry on the unit circle to a few ulps
    for (const m of SIZES)
      for (let e = 0; e < Math.min(m, 300); e++) {
        const [c, s] = cis(e, m);
        expect(Math.abs(Math.hypot(c, s) - 1)).toBeLessThan(4e-16);
      }
  });

  it("agrees with the angle formula where that one is accurate (first octant)", () => {
    for (const n of SIZES)
      for (let e = 0; 8 * e <= n && e < 200; e++) {
        const a = (2 * Math.PI * e) / n;
        expect(cis(e, n)).toEqual([Math.cos(a), Math.sin(a)]);
      }
  });

  it("is what twiddle, halfTurn and the Bluestein chirp compute", () => {
    expect(twiddle(7 * 11, 12, -1)).toEqual(cis(-77, 12));
    expect(halfTurn(3, 10, 1)).toEqual(cis(3, 20));
    expect(halfTurn(3, 10, -1)).toEqual(cis(-3, 20));
    expect(chirp(5, 7, -1)).toEqual(cis(-(25 % 14), 14));
  });

  it("the run-time text (the cpu and wasm modules' tables) is the same function", () => {
    const turn = new Function(`${TURN_SOURCE}\nreturn turn;`)() as (e: number, n: number, out: number[], k: number) => void;
    for (const n of SIZES)
      for (const e of [0, 1, n - 1, Math.floor(n / 3), -Math.floor(n / 5)]) {
        const out = [0, 0];
        turn(e, n, out, 0);
        expect(out).toEqual(cis(e, n));
      }
  });

  it("cisTable is cis entry for entry, bit for bit, through its octant table or without", () => {
    // long tables of n divisible by 8 take the octant table; the others go entry by entry
    for (const n of [8, 16, 24, 40, 64, 96, 1000, 4096, 3 * 1024, 1 << 16, 12, 17, 100, 1e6 + 3])
      for (const sign of [1, -1])
        for (const count of [n, Math.floor(n / 9) + 1, n + 5]) {
          const e = (k: number) => sign * Math.floor(k / 3) * (k % 3) * 7 + (k % 5 === 0 ? n : 0); // repeats, multiples of n, both signs
          const t = cisTable(n, count, e);
          for (let k = 0; k < count; k++) {
            const [c, s] = cis(e(k), n);
            if (!Object.is(t[2 * k], c) || !Object.is(t[2 * k + 1], s)) expect([n, sign, count, k, t[2 * k], t[2 * k + 1]]).toEqual([n, sign, count, k, c, s]);
          }
        }
  });

  it("passTwiddles is cis(sign·j·p, r·m) at [p][j], bit for bit", () => {
    for (const [r, m] of [[2, 4], [4, 2], [4, 64], [8, 512], [16, 32], [3, 8], [5, 16], [4, 3], [7, 5], [13, 1], [2, 1024]])
      for (const sign of [1, -1] as const) {
        const t = passTwiddles(r, m, sign);
        expect(t.length).toBe(2 * r * m);
        for (let p = 0; p < m; p++)
          for (let j = 0; j < r; j++) {
            const k = 2 * (p * r + j), [c, s] = cis(sign * j * p, r * m);
            if (!Object.is(t[k], c) || !Object.is(t[k + 1], s)) expect([r, m, sign, p, j, t[k], t[k + 1]]).toEqual([r, m, sign, p, j, c, s]);
          }
      }
  });
});
