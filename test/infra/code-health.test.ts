// Structural facts about src/ that review keeps asking for, checked mechanically:
//  * the layering: src/ir imports nothing else of linc; src/dsl, src/passes and src/backends
//    import src/ir and never each other's internals (src/codegen, the renderers' shared code
//    generation, imports src/ir only, and src/backends may import it); only src/api (the library), src/cli (over
//    it) and src/index.ts compose;
//  * no op argument is read through a cast (`n.arg.x as T`): Node narrows on its op;
//  * no `as any` without a comment saying why;
//  * no function longer than 120 lines.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/golden.js";

const SRC = join(REPO_ROOT, "src");
const files = (readdirSync(SRC, { recursive: true }) as string[]).map((f) => join(SRC, f)).filter((f) => f.endsWith(".ts")).sort();

const layer = (file: string): string => relative(SRC, file).split(/[\\/]/)[0];
/** What each top-level folder of src/ may import from (besides itself). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  ir: [],
  dsl: ["ir"],
  passes: ["ir"],
  codegen: ["ir"],
  backends: ["ir", "codegen"],
  api: ["ir", "dsl", "passes", "codegen", "backends"],
  cli: ["ir", "dsl", "passes", "codegen", "backends", "api"],
  "index.ts": ["ir", "dsl", "passes", "codegen", "backends", "api", "cli"],
};

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
}

describe("src/ layering", () => {
  it("has files to check", () => expect(files.length).toBeGreaterThan(50));
  it.each(files.map((f) => relative(REPO_ROOT, f)))("%s imports only the layers below it", (rel) => {
    const file = join(REPO_ROOT, rel), from = layer(file);
    const allowed = new Set([from, ...(MAY_IMPORT[from] ?? [])]);
    const bad: string[] = [];
    const visit = (n: ts.Node): void => {
      const spec = ts.isImportDeclaration(n) || ts.isExportDeclaration(n) ? n.moduleSpecifier : ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword ? n.arguments[0] : undefined;
      if (spec && ts.isStringLiteral(spec) && spec.text.startsWith(".")) {
        const target = join(dirname(file), spec.text);
        if (!relative(SRC, target).startsWith("..") && !allowed.has(layer(target))) bad.push(spec.text);
      }
      ts.forEachChild(n, visit);
    };
    visit(parse(file));
    expect(bad).toEqual([]);
  });
});

describe("src/ code health", () => {
  const all = files.map((f) => ({ rel: relative(REPO_ROOT, f), text: readFileSync(f, "utf8") }));

  it("reads no op argument through a cast", () => {
    // src/ir/node.ts is the factory: argOf's one checked cast is the alternative to readers' casts
    const hits = all.filter(({ rel }) => !rel.endsWith(join("ir", "node.ts"))).flatMap(({ rel, text }) => text.split("\n").flatMap((line, i) => (/\.arg\.[A-Za-z_]+\s+as\s/.test(line) || /\.arg as\s/.test(line) ? [`${rel}:${i + 1}`] : [])));
    expect(hits).toEqual([]);
  });

  it("has a comment beside every `as any`", () => {
    const hits = all.flatMap(({ rel, text }) => {
      const lines = text.split("\n");
      return lines.flatMap((line, i) => (/\bas any\b/.test(line) && !line.includes("//") && !(lines[i - 1] ?? "").trim().startsWith("//") ? [`${rel}:${i + 1}`] : []));
    });
    expect(hits).toEqual([]);
  });

  it("has no function longer than 120 lines", () => {
    const long: string[] = [];
    for (const f of files) {
      const src = parse(f);
      const visit = (n: ts.Node): void => {
        if (ts.isFunctionDeclaration(n) || ts.isArrowFunction(n) || ts.isFunctionExpression(n) || ts.isMethodDeclaration(n)) {
          const a = src.getLineAndCharacterOfPosition(n.getStart()).line, b = src.getLineAndCharacterOfPosition(n.getEnd()).line;
          if (b - a + 1 > 120) long.push(`${relative(REPO_ROOT, f)}:${a + 1} (${b - a + 1} lines)`);
        }
        ts.forEachChild(n, visit);
      };
      visit(src);
    }
    expect(long).toEqual([]);
  });
});
