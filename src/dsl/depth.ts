// How deep a graph is: the longest chain of nodes from a value down to a leaf (an input, a param,
// a constant or a constructor's result without sources). The passes and backends walk graphs
// recursively, so the language refuses a value deeper than MAX_DEPTH (E0308) where it is built;
// the measurements behind the limit are in spec/language.md ("Limits").
import type { Node } from "../ir/node.js";

/** Deepest graph a spec may build (nodes on the longest chain from an output to a leaf). */
export const MAX_DEPTH = 256;

/** Depths of the nodes seen so far; computed without recursion, each node once. */
export class DepthMeter {
  private readonly depth = new Map<Node, number>();

  /** The depth of `root`: 1 for a leaf, else 1 + the deepest of its sources. */
  of(root: Node): number {
    const known = this.depth.get(root);
    if (known !== undefined) return known;
    const stack: Node[] = [root];
    while (stack.length > 0) {
      const n = stack[stack.length - 1];
      if (this.depth.has(n)) {
        stack.pop();
        continue;
      }
      let deepest = 0;
      let ready = true;
      for (const s of n.src) {
        const d = this.depth.get(s);
        if (d === undefined) {
          ready = false;
          stack.push(s);
        } else deepest = Math.max(deepest, d);
      }
      if (ready) {
        this.depth.set(n, deepest + 1);
        stack.pop();
      }
    }
    return this.depth.get(root)!;
  }
}
