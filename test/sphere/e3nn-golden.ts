// The e3nn-basis golden cases (test/sphere/data/e3nn.json, written by gen_e3nn.py from ports of
// e3nn's wigner_3j and spherical_harmonics definitions), shared by the unit and backend tests.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { GoldenArray, GoldenCase } from "../support/golden.js";

interface E3nnGolden {
  generator: string;
  /** R_l by degree: linc coefficients = R_l · e3nn coefficients (fitted in numpy, not from linc). */
  rotations: Record<string, GoldenArray>;
  /** "l1,l2,l3" -> s with wigner_3j = s / √(2l3+1) · cg_path carried to the e3nn basis. */
  cg_signs: Record<string, number>;
  cases: Omit<GoldenCase, "family">[];
}

const file = join(dirname(fileURLToPath(import.meta.url)), "data/e3nn.json");
export const E3NN: E3nnGolden = JSON.parse(readFileSync(file, "utf8"));
export const e3nnCases = (): GoldenCase[] => E3NN.cases.map((c) => ({ family: "sphere_e3nn", ...c }));
