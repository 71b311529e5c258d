// The runtime library of generated CPU kernels: a table of JavaScript function sources, and a
// collector that pastes only the ones a kernel uses, once per precision it uses them in.
import { BASIC } from "./basic.js";
import { DCT } from "./dct.js";
import { DENSE } from "./dense.js";
import { IO } from "./io.js";
import { LINEAR } from "./linear.js";

export type Prec = "d" | "s";

export interface LibEntry {
  name: string;
  /** Source text; `$p` marks the precision suffix and `$A` the typed-array constructor. */
  src: string;
  /** One copy for all precisions (helpers that run once, not per element). */
  generic?: boolean;
  /** Entries this one calls, pasted before it (generic ones). */
  deps?: readonly string[];
}

const ENTRIES = new Map<string, LibEntry>([...BASIC, ...LINEAR, ...DCT, ...DENSE, ...IO].map((e) => [e.name, e]));

export const arrayCtor = (p: Prec): string => (p === "d" ? "Float64Array" : "Float32Array");

/** Collects the library functions a kernel calls; `use` returns the identifier to call. */
export class LibSet {
  private readonly used = new Map<string, string>();

  use(name: string, prec?: Prec): string {
    const e = ENTRIES.get(name);
    if (!e) throw new Error(`internal: no runtime function '${name}'`);
    const id = e.generic ? name : `${name}_${prec ?? "d"}`;
    if (!this.used.has(id)) {
      for (const d of e.deps ?? []) this.use(d, prec);
      const p = prec ?? "d";
      this.used.set(id, e.generic ? e.src : e.src.replaceAll("$p", `_${p}`).replaceAll("$A", arrayCtor(p)));
    }
    return id;
  }

  source(): string {
    return [...this.used.values()].join("\n");
  }
}
