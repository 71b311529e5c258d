// The one CST visitor: walks a parsed spec statement by statement and builds the IR through the
// IR's public builders (build.ts for symbols, callConstructor for every call). Errors become
// positioned diagnostics; a statement that fails poisons its name so later uses stay quiet.
import type { CstNode, IToken } from "chevrotain";
import { at, binary, declare, describe, isOperator, isTensor, negate, slice, transpose, type Value } from "../ir/build.js";
import { callConstructor, constructorHint, getConstructor, type WrittenArg } from "../ir/catalogue.js";
import type { Diagnostic, ErrorCode, Loc } from "../ir/errors.js";
import type { Node } from "../ir/node.js";
import { didYouMean } from "../ir/suggest.js";
import { type Decl, type Program, type Warning, WARNINGS } from "../ir/program.js";
import { DTYPES, type DType, type Dim } from "../ir/types.js";
import { type Extras, isLincError, nodeLoc, Poisoned, rangeLoc, SpecError, tokenLoc } from "./diagnose.js";
import { DepthMeter, MAX_DEPTH } from "./depth.js";
import { oversize, oversizeArgument } from "./limits.js";
import { BaseVisitor } from "./parser.js";

type Children = Record<string, (CstNode | IToken)[] | undefined>;
const tok = (c: Children, key: string, i = 0): IToken | undefined => c[key]?.[i] as IToken | undefined;
const sub = (c: Children, key: string, i = 0): CstNode | undefined => c[key]?.[i] as CstNode | undefined;
const subs = (c: Children, key: string): CstNode[] => (c[key] ?? []) as CstNode[];

/** What a name is bound to; POISON when its statement failed. */
const POISON = Symbol("poison");
type Bound = Value | typeof POISON;

interface Binding {
  value: Bound;
  line: number;
}

export interface BuildContext {
  file: string;
  source: string;
  maxElements: number;
  /** Lines whose statements had lexing or syntax errors: they are not evaluated. */
  badLines: ReadonlySet<number>;
}

/** The name a statement declares (undefined for `output NAME`, which only uses a name). */
export function declaredName(stmt: CstNode): IToken | undefined {
  const inner = Object.values(stmt.children)[0]?.[0] as CstNode | undefined;
  if (!inner || !inner.children) return undefined;
  if (inner.name === "outputStmt" && !inner.children.expression) return undefined;
  const t = inner.children.Identifier?.[0] as IToken | undefined;
  return t && !t.isInsertedInRecovery ? t : undefined;
}

export class ProgramBuilder extends BaseVisitor {
  readonly diagnostics: Diagnostic[] = [];
  private readonly scope = new Map<string, Binding>();
  /** Line of every name's first declaration anywhere in the file (to tell E0103 from E0101). */
  private readonly declaredOn = new Map<string, number>();
  private readonly outputLines = new Map<string, number>();
  /** Where each name was first declared, and each output first named (for "first declared here"). */
  private readonly firstTokens = new Map<string, IToken>();
  private readonly outputTokens = new Map<string, IToken>();
  private readonly consts = new Map<string, number>();
  private readonly inputs: Decl[] = [];
  private readonly params: Decl[] = [];
  private readonly outputs: Decl[] = [];
  /** Names declared by const, input, param and assignment statements, with their token and kind (for the unused-name warning). */
  private readonly declTokens = new Map<string, { token: IToken; kind: "const" | "input" | "param" | "name" }>();
  /** Names looked up by a later statement (an output of an existing name counts). */
  private readonly used = new Set<string>();
  /** Inside a const expression or a dimension: only numbers and consts. */
  private constMode = false;
  private readonly depth = new DepthMeter();

  constructor(private readonly cx: BuildContext) {
    super();
    this.validateVisitor();
  }

  // ---- statements ----

  /** The program of a spec's statements (in source order). */
  build(statements: readonly CstNode[]): Program {
    for (const s of statements) {
      const name = declaredName(s);
      if (name && !this.declaredOn.has(name.image)) this.declaredOn.set(name.image, name.startLine ?? 0);
    }
    for (const s of statements) {
      const line = s.location?.startLine ?? 0;
      if (this.cx.badLines.has(line)) {
        this.poison(s);
        continue;
      }
      try {
        this.visit(s);
      } catch (e) {
        this.poison(s);
        if (e instanceof Poisoned) continue;
        if (e instanceof SpecError) this.diagnostics.push(e.diagnostic);
        else if (isLincError(e)) this.report(e.code, e.detail, nodeLoc(this.cx.file, s, this.cx.source));
        else this.report("E0901", `while checking this statement: ${e instanceof Error ? e.message : String(e)}`, nodeLoc(this.cx.file, s, this.cx.source));
      }
    }
    const { file, source } = this.cx;
    return { file, source, consts: this.consts, inputs: this.inputs, params: this.params, outputs: this.outputs, warnings: this.unused() };
  }

  /** W0101 for every declared name that nothing uses: an unused input or param still becomes a required argument of the kernel. */
  private unused(): Warning[] {
    const consequence = { input: "; it is still a required input of the compiled kernel", param: "; it is still a required param of the compiled kernel", const: "", name: "" };
    return [...this.declTokens].filter(([name]) => !this.used.has(name) && !this.outputLines.has(name)).map(([name, { token, kind }]) => ({
      code: "W0101",
      message: `${WARNINGS.W0101}: ${kind === "name" ? "" : `${kind} `}'${name}' is never used${consequence[kind]}`,
      loc: tokenLoc(this.cx.file, token),
    }));
  }

  statement(c: Children): void {
    this.visit(Object.values(c)[0]![0] as CstNode);
  }

  constStmt(c: Children): void {
    const name = this.declare(tok(c, "Identifier")!, "const");
    const v = this.constant(sub(c, "expression")!);
    this.consts.set(name, v);
    this.bind(name, v);
  }

  declStmt(c: Children): void {
    const kind = tok(c, "kind")!.image as "input" | "param";
    const nameTok = tok(c, "Identifier")!;
    const name = this.declare(nameTok, kind);
    const t = sub(c, "typeSpec")!.children as Children;
    const dtype = tok(t, "DType")!.image as DType;
    if (!DTYPES.includes(dtype)) this.fail("E0401", `unknown dtype '${dtype}'${didYouMean(dtype, DTYPES)}`, tok(t, "DType")!);
    const shape = subs(t, "dim").map((d) => this.dimension(d));
    const node = declare(kind, name, dtype, shape);
    this.checkSize(node, nameTok);
    (kind === "input" ? this.inputs : this.params).push({ name, node, loc: tokenLoc(this.cx.file, nameTok) });
    this.bind(name, node);
  }

  assignStmt(c: Children): void {
    const name = this.declare(tok(c, "Identifier")!, "name");
    this.bind(name, this.value(sub(c, "expression")!));
  }

  outputStmt(c: Children): void {
    const nameTok = tok(c, "Identifier")!;
    const name = nameTok.image;
    const expr = sub(c, "expression");
    let v: Value;
    if (expr) {
      this.declare(nameTok);
      v = this.value(expr);
      this.bind(name, v);
    } else v = this.lookup(nameTok);
    const first = this.outputLines.get(name);
    if (first !== undefined) this.fail("E0102", `'${name}' is already an output (line ${first})`, nameTok, this.firstHere(this.outputTokens.get(name), `'${name}' is first an output here`));
    if (!isTensor(v))
      this.fail("E0106", `'${name}' is ${describe(v)}, not a tensor`, nameTok, isOperator(v) ? { help: "apply it to a tensor with '@' to get a value" } : {});
    this.outputLines.set(name, nameTok.startLine ?? 0);
    this.outputTokens.set(name, nameTok);
    this.outputs.push({ name, node: v as Node, loc: tokenLoc(this.cx.file, nameTok) });
  }

  // ---- expressions ----

  expression(c: Children): Value {
    return this.visit(sub(c, "additive")!);
  }

  additive(c: Children): Value {
    return this.leftFold(c, "AddOp");
  }

  multiplicative(c: Children): Value {
    return this.leftFold(c, "MulOp");
  }

  unary(c: Children): Value {
    let v: Value = this.visit(sub(c, "postfix")!);
    const minus = (c.Minus ?? []) as IToken[];
    for (let i = minus.length - 1; i >= 0; i--) v = this.checked(() => negate(v), minus[i]);
    return v;
  }

  postfix(c: Children): Value {
    let v: Value = this.visit(sub(c, "atom")!);
    for (const s of subs(c, "suffix")) v = this.visit(s, v);
    return v;
  }

  attribute(c: Children, v: Value): Value {
    const name = tok(c, "Identifier")!;
    if (name.image !== "T" && name.image !== "H")
      this.fail("E0107", `unknown attribute '.${name.image}'; operators have .T (transpose) and .H (conjugate transpose)`, name);
    if (!isOperator(v)) this.fail(isTensor(v) ? "E0503" : "E0204", `'.${name.image}' needs an operator, got ${describe(v)}`, name);
    return this.checked(() => transpose(v as Node, name.image === "H"), name);
  }

  sliceSuffix(c: Children, v: Value): Value {
    const bound = (key: string): number | undefined => {
      const e = sub(c, key);
      if (!e) return undefined;
      const b = this.value(e);
      if (typeof b !== "number" || !Number.isInteger(b)) this.fail("E0306", `slice bounds must be integers, got ${describe(b)}`, e);
      return b as number;
    };
    const start = bound("start"), stop = bound("stop");
    return this.checked(() => slice(v, start, stop), tok(c, "LBracket")!);
  }

  atom(c: Children): Value {
    const t = tok(c, "Integer") ?? tok(c, "Float");
    if (t) {
      const v = Number(t.image);
      if (!Number.isFinite(v)) this.fail("E0603", `the number ${t.image} is too large`, t);
      return v;
    }
    const s = tok(c, "StringLit");
    if (s) return this.noConst(s.image.slice(1, -1), s);
    if (c.True) return this.noConst(true, tok(c, "True")!);
    if (c.False) return this.noConst(false, tok(c, "False")!);
    return this.visit((sub(c, "nameOrCall") ?? sub(c, "parenthesized"))!);
  }

  parenthesized(c: Children): Value {
    return this.visit(sub(c, "expression")!);
  }

  nameOrCall(c: Children): Value {
    const name = tok(c, "Identifier")!;
    if (!c.LParen) {
      const v = this.lookup(name);
      if (this.constMode && !this.consts.has(name.image)) this.fail("E0601", `'${name.image}' is ${describe(v)}, not a const`, name);
      return v;
    }
    if (this.constMode) this.fail("E0601", `constant expressions may only use numbers and consts, not calls such as ${name.image}(...)`, name);
    const argNodes = subs(c, "argument");
    const written: WrittenArg[] = argNodes.map((a) => this.visit(a));
    const ctor = getConstructor(name.image);
    if (ctor) {
      const big = oversizeArgument(ctor, written, this.cx.maxElements);
      if (big) this.fail("E0304", `${name.image}(): ${big.why}`, argNodes[big.index]);
    }
    let result: Node | number;
    try {
      result = callConstructor(name.image, written);
    } catch (e) {
      if (!isLincError(e)) throw e;
      const where = e.argIndex !== undefined && argNodes[e.argIndex] ? argNodes[e.argIndex] : name;
      return this.fail(e.code, e.detail, where);
    }
    this.checkSize(result, name);
    return result;
  }

  argument(c: Children): WrittenArg {
    const kw = tok(c, "keyword");
    const value = this.value(sub(c, "expression")!);
    return kw ? { name: kw.image, value } : { value };
  }

  // rules read directly by the methods above (the visitor wants a method for every rule)
  line(): void {}
  typeSpec(): void {}

  // ---- helpers ----

  /** `a op b op c`, left to right, each error at its operator. */
  private leftFold(c: Children, opKey: string): Value {
    const operands = subs(c, "operand");
    const ops = (c[opKey] ?? []) as IToken[];
    let v: Value = this.visit(operands[0]);
    for (let i = 0; i < ops.length; i++) {
      const rhs: Value = this.visit(operands[i + 1]);
      const sym = ops[i].image;
      const lhs = v;
      v = this.checked(() => (sym === "@" ? at(lhs, rhs) : binary(sym as "+" | "-" | "*" | "/", lhs, rhs)), ops[i], () => this.operandNotes([operands[0], operands[i]], operands[i + 1], lhs, rhs));
    }
    return v;
  }

  /** Run a builder; its LincError is reported at `where` (with `notes`); the result is size-checked. */
  private checked(build: () => Value, where: IToken, notes?: () => Extras): Value {
    let v: Value;
    try {
      v = build();
    } catch (e) {
      if (!isLincError(e)) throw e;
      return this.fail(e.code, e.detail, where, notes?.());
    }
    this.checkSize(v, where);
    return v;
  }

  /** Every value built is checked for its size and for its depth (E0308 where it passes the limit). */
  private checkSize(v: Value, where: IToken): void {
    const why = oversize(v, this.cx.maxElements);
    if (why) this.fail("E0304", why, where);
    if (typeof v !== "object") return;
    const d = this.depth.of(v);
    if (d > MAX_DEPTH)
      this.fail("E0308", `this value is ${d} operations deep, above the limit of ${MAX_DEPTH}`, where);
  }

  /** An expression in normal mode. */
  private value(e: CstNode): Value {
    const saved = this.constMode;
    this.constMode = false;
    try {
      return this.visit(e);
    } finally {
      this.constMode = saved;
    }
  }

  /** An expression that must evaluate to a number at compile time. */
  private constant(e: CstNode): number {
    const saved = this.constMode;
    this.constMode = true;
    try {
      const v: Value = this.visit(e);
      if (typeof v !== "number") this.fail("E0601", `a constant must be a number, got ${describe(v)}`, e);
      return v as number;
    } finally {
      this.constMode = saved;
    }
  }

  /** A dimension: a bare unbound name is symbolic; anything else a positive integer expression. */
  private dimension(e: CstNode): Dim {
    const name = bareName(e);
    if (name && !this.scope.has(name.image) && !this.declaredOn.has(name.image)) return name.image;
    const v = this.constant(e);
    if (!Number.isInteger(v) || v <= 0) this.fail("E0302", `a dimension must be a positive integer, got ${v}`, e);
    return v;
  }

  private lookup(name: IToken): Value {
    const b = this.scope.get(name.image);
    this.used.add(name.image);
    if (b) {
      if (b.value === POISON) throw new Poisoned();
      return b.value;
    }
    const line = this.declaredOn.get(name.image);
    if (line !== undefined) this.fail("E0103", `'${name.image}' is used before its declaration on line ${line}`, name);
    if (getConstructor(name.image)) return this.fail("E0101", `unknown name '${name.image}'`, name, { help: `${name.image} is a function: call it as ${name.image}(...)` });
    return this.fail("E0101", `unknown name '${name.image}'${this.nameHint(name.image)}`, name);
  }

  /** `; did you mean 'x'?`: the names declared so far and the symbolic dimensions, else another library's name for a constructor. */
  private nameHint(name: string): string {
    const dims = [...this.inputs, ...this.params].flatMap((d) => (d.node.type.kind === "tensor" ? d.node.type.shape : []).filter((s): s is string => typeof s === "string"));
    return didYouMean(name, [...this.scope.keys(), ...dims]) || constructorHint(name);
  }

  /** A new name: refuses redeclaration (pointing at this one and naming the first's line). */
  private declare(name: IToken, kind?: "const" | "input" | "param" | "name"): string {
    const first = this.scope.get(name.image);
    if (first) this.fail("E0102", `'${name.image}' is already declared on line ${first.line}`, name, this.firstHere(this.firstTokens.get(name.image), `'${name.image}' is first declared here`));
    if (kind) this.declTokens.set(name.image, { token: name, kind });
    if (!this.firstTokens.has(name.image)) this.firstTokens.set(name.image, name);
    return name.image;
  }

  /** A note at a name's first occurrence (none when it is unknown). */
  private firstHere(t: IToken | undefined, what: string): Extras {
    return t ? { related: [{ loc: tokenLoc(this.cx.file, t), message: what }] } : {};
  }

  /** Notes for an operator's two operands (their types) and, for a bare name, its declaration. */
  private operandNotes(left: [CstNode, CstNode], right: CstNode, lhs: Value, rhs: Value): Extras {
    const { file, source } = this.cx;
    const notes = [
      { loc: rangeLoc(file, left[0], left[1], source), message: `this is ${describe(lhs)}` },
      { loc: nodeLoc(file, right, source), message: `this is ${describe(rhs)}` },
    ];
    for (const operand of left[0] === left[1] ? [left[0], right] : [right]) {
      const name = soleName(operand), at = name && this.firstTokens.get(name.image);
      if (at && at !== name) notes.push({ loc: tokenLoc(file, at), message: `'${name.image}' is declared here` });
    }
    return { related: notes };
  }

  private bind(name: string, value: Bound): void {
    this.scope.set(name, { value, line: this.declaredOn.get(name) ?? 0 });
  }

  /** A failed statement's new name is bound to POISON so its later uses stay quiet. */
  private poison(stmt: CstNode): void {
    const name = declaredName(stmt);
    if (name && !this.scope.has(name.image)) this.scope.set(name.image, { value: POISON, line: name.startLine ?? 0 });
  }

  private noConst(v: Value, t: IToken): Value {
    if (this.constMode) this.fail("E0601", `a constant must be a number, got ${describe(v)}`, t);
    return v;
  }

  private fail(code: ErrorCode, detail: string, where: IToken | CstNode, extras?: Extras): never {
    const loc = "image" in where ? tokenLoc(this.cx.file, where) : nodeLoc(this.cx.file, where, this.cx.source);
    throw new SpecError(code, detail, loc, extras);
  }

  private report(code: ErrorCode, detail: string, loc: Loc): void {
    this.diagnostics.push(new SpecError(code, detail, loc).diagnostic);
  }
}

/** The identifier a CST node (an expression or any of its single-child levels) consists of, if it is nothing but one name. */
function soleName(n: CstNode): IToken | undefined {
  for (let node = n; ; ) {
    if (node.name === "nameOrCall") return node.children.LParen ? undefined : tok(node.children as Children, "Identifier");
    const entries = Object.values(node.children);
    if (entries.length !== 1 || entries[0].length !== 1 || !("children" in entries[0][0])) return undefined;
    node = entries[0][0] as CstNode;
  }
}

/** The identifier an expression consists of, if it is nothing but one name. */
function bareName(e: CstNode): IToken | undefined {
  const only = (n: CstNode | undefined, key: string, forbid?: string): CstNode | undefined => {
    const k = n?.children as Children | undefined;
    if (!k || (forbid && k[forbid]?.length)) return undefined;
    const next = k[key];
    return next && next.length === 1 ? (next[0] as CstNode) : undefined;
  };
  const add = only(e, "additive");
  const mul = only(add, "operand", "AddOp");
  const un = only(mul, "operand", "MulOp");
  const post = only(un, "postfix", "Minus");
  const atom = only(post, "atom", "suffix");
  const call = only(atom, "nameOrCall");
  if (!call || call.children.LParen) return undefined;
  return tok(call.children as Children, "Identifier");
}
