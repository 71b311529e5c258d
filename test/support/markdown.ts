// The fenced code blocks of a markdown text, in document order: the one reader the docs tests
// (test/docs) share.

export interface Fence {
  /** 1-based line of the opening fence. */
  line: number;
  /** The fence's info string (`sh`, `ts`, ...), trimmed; "" when none. */
  info: string;
  /** The lines between the fences. */
  lines: string[];
}

/** Every ``` block of `text` (an unclosed one at the end is dropped). */
export function fencedBlocks(text: string): Fence[] {
  const out: Fence[] = [];
  let fence: Fence | undefined;
  text.split("\n").forEach((l, i) => {
    if (fence) {
      if (l.startsWith("```")) (out.push(fence), (fence = undefined));
      else fence.lines.push(l);
    } else if (l.startsWith("```")) fence = { line: i + 1, info: l.slice(3).trim(), lines: [] };
  });
  return out;
}
