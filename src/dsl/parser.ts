// The grammar of the spec language as a chevrotain CstParser: rules only, no actions (the CST
// visitor in visitor.ts gives them meaning). Statements end with their line and each line is
// parsed on its own, so every broken line reports its own error; recovery (token insertion and
// deletion) is on, so a broken line still yields a CST instead of stopping the parse.
import { CstParser, EOF, type CstNode, type IParserErrorMessageProvider, type IRecognitionException, type IToken, type TokenType } from "chevrotain";
import {
  ALL_TOKENS, AddOp, Colon, Comma, Const, DType, Dot, Equals, False, Float, Identifier, Input, Integer,
  LBracket, LParen, MulOp, Minus, Newline, Output, Param, RBracket, RParen, StringLit, True,
} from "./lexer.js";

/** How a token is named in a message: its text, or a description for line ends and file end. */
export function describeToken(t: IToken): string {
  if (t.tokenType === EOF) return "end of file";
  if (t.tokenType === Newline) return t.image === "" ? "end of file" : "end of line";
  return `'${t.image}'`;
}

const label = (t: TokenType): string => (t === EOF ? "end of file" : t.LABEL ?? t.name);

function expectedList(paths: TokenType[][]): string {
  const firsts = [...new Set(paths.filter((p) => p.length > 0).map((p) => label(p[0])))];
  if (firsts.length <= 1) return firsts[0] ?? "something else";
  return `${firsts.slice(0, -1).join(", ")} or ${firsts[firsts.length - 1]}`;
}

/** Messages in the form "expected ')' but found end of line". */
const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) => `expected ${label(expected)} but found ${describeToken(actual)}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) => `expected end of line but found ${describeToken(firstRedundant)}`,
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, customUserDescription, ruleName }) =>
    `expected ${customUserDescription ?? (ruleName === "atom" ? "an expression" : expectedList(expectedPathsPerAlt.flat()))} but found ${describeToken(actual[0])}`,
  buildEarlyExitMessage: ({ expectedIterationPaths, actual, customUserDescription }) =>
    `expected ${customUserDescription ?? expectedList(expectedIterationPaths)} but found ${describeToken(actual[0])}`,
};

class SpecParser extends CstParser {
  constructor() {
    super(ALL_TOKENS, { recoveryEnabled: true, nodeLocationTracking: "full", errorMessageProvider: messages, maxLookahead: 3, skipValidations: process.env.LINC_SKIP_GRAMMAR_CHECKS === "1" });
    this.performSelfAnalysis();
  }

  // line: statement? NEWLINE  -- each line is parsed on its own (see parseLines)
  line = this.RULE("line", () => {
    this.OPTION(() => this.SUBRULE(this.statement));
    this.CONSUME(Newline);
  });

  statement = this.RULE("statement", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.constStmt) },
      { ALT: () => this.SUBRULE(this.declStmt) },
      { ALT: () => this.SUBRULE(this.outputStmt) },
      { ALT: () => this.SUBRULE(this.assignStmt) },
    ]);
  });

  // const NAME = expr
  constStmt = this.RULE("constStmt", () => {
    this.CONSUME(Const);
    this.CONSUME(Identifier);
    this.CONSUME(Equals);
    this.SUBRULE(this.expression);
  });

  // input NAME: TYPE | param NAME: TYPE
  declStmt = this.RULE("declStmt", () => {
    this.OR([{ ALT: () => this.CONSUME(Input, { LABEL: "kind" }) }, { ALT: () => this.CONSUME(Param, { LABEL: "kind" }) }]);
    this.CONSUME(Identifier);
    this.CONSUME(Colon);
    this.SUBRULE(this.typeSpec);
  });

  // output NAME [= expr]
  outputStmt = this.RULE("outputStmt", () => {
    this.CONSUME(Output);
    this.CONSUME(Identifier);
    this.OPTION(() => {
      this.CONSUME(Equals);
      this.SUBRULE(this.expression);
    });
  });

  // NAME = expr
  assignStmt = this.RULE("assignStmt", () => {
    this.CONSUME(Identifier);
    this.CONSUME(Equals);
    this.SUBRULE(this.expression);
  });

  // f32[n, 2*n, batch]; the brackets may be left out for a scalar
  typeSpec = this.RULE("typeSpec", () => {
    this.CONSUME(DType);
    this.OPTION(() => {
      this.CONSUME(LBracket);
      this.MANY_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.expression, { LABEL: "dim" }) });
      this.CONSUME(RBracket);
    });
  });

  expression = this.RULE("expression", () => {
    this.SUBRULE(this.additive);
  });

  // a + b - c  (left associative)
  additive = this.RULE("additive", () => {
    this.SUBRULE(this.multiplicative, { LABEL: "operand" });
    this.MANY(() => {
      this.CONSUME(AddOp);
      this.SUBRULE2(this.multiplicative, { LABEL: "operand" });
    });
  });

  // a * b / c @ d  (one level, left associative, as in Python)
  multiplicative = this.RULE("multiplicative", () => {
    this.SUBRULE(this.unary, { LABEL: "operand" });
    this.MANY(() => {
      this.CONSUME(MulOp);
      this.SUBRULE2(this.unary, { LABEL: "operand" });
    });
  });

  // -x, --x
  unary = this.RULE("unary", () => {
    this.MANY(() => this.CONSUME(Minus));
    this.SUBRULE(this.postfix);
  });

  // atom followed by .T / .H / [a:b] in any order
  postfix = this.RULE("postfix", () => {
    this.SUBRULE(this.atom);
    this.MANY(() => {
      this.OR([{ ALT: () => this.SUBRULE(this.attribute, { LABEL: "suffix" }) }, { ALT: () => this.SUBRULE(this.sliceSuffix, { LABEL: "suffix" }) }]);
    });
  });

  attribute = this.RULE("attribute", () => {
    this.CONSUME(Dot);
    this.CONSUME(Identifier);
  });

  // [start:stop], either bound optional
  sliceSuffix = this.RULE("sliceSuffix", () => {
    this.CONSUME(LBracket);
    this.OPTION(() => this.SUBRULE(this.expression, { LABEL: "start" }));
    this.CONSUME(Colon);
    this.OPTION2(() => this.SUBRULE2(this.expression, { LABEL: "stop" }));
    this.CONSUME(RBracket);
  });

  atom = this.RULE("atom", () => {
    this.OR([
      { ALT: () => this.CONSUME(Integer) },
      { ALT: () => this.CONSUME(Float) },
      { ALT: () => this.CONSUME(StringLit) },
      { ALT: () => this.CONSUME(True) },
      { ALT: () => this.CONSUME(False) },
      { ALT: () => this.SUBRULE(this.nameOrCall) },
      { ALT: () => this.SUBRULE(this.parenthesized) },
    ]);
  });

  // NAME or NAME(args)
  nameOrCall = this.RULE("nameOrCall", () => {
    this.CONSUME(Identifier);
    this.OPTION(() => {
      this.CONSUME(LParen);
      this.MANY_SEP({ SEP: Comma, DEF: () => this.SUBRULE(this.argument) });
      this.CONSUME(RParen);
    });
  });

  // value or keyword=value
  argument = this.RULE("argument", () => {
    this.OPTION(() => {
      this.CONSUME(Identifier, { LABEL: "keyword" });
      this.CONSUME(Equals);
    });
    this.SUBRULE(this.expression);
  });

  parenthesized = this.RULE("parenthesized", () => {
    this.CONSUME(LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(RParen);
  });
}

/** One parser, built once (self-analysis is the expensive part) and reused for every spec. */
const parser = new SpecParser();

/** Deeper nesting than this is refused before parsing, so the recursive descent cannot overflow. */
export const MAX_NESTING = 64;

export interface ParseResult {
  /** The statements of the spec, in source order (blank lines have none). */
  statements: CstNode[];
  errors: IRecognitionException[];
}

/**
 * Parse a token stream line by line. Statements end at the end of their line, so parsing each
 * line on its own keeps a mistake from swallowing the lines after it.
 */
export function parseLines(tokens: readonly IToken[]): ParseResult {
  const statements: CstNode[] = [];
  const errors: IRecognitionException[] = [];
  let start = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].tokenType !== Newline) continue;
    if (i > start) {
      const line = tokens.slice(start, i + 1);
      parser.input = line;
      const cst = parser.line();
      for (const e of parser.errors) {
        // a line that cannot even start a statement: say what a statement looks like
        if (e.token === line[0]) e.message = `expected a statement (const, input, param, output or NAME = ...) but found ${describeToken(e.token)}`;
        errors.push(e);
      }
      const s = cst.children.statement?.[0] as CstNode | undefined;
      if (s) statements.push(s);
    }
    start = i + 1;
  }
  return { statements, errors };
}

/** The first token that opens a bracket beyond MAX_NESTING levels, if any. */
export function tooDeep(tokens: readonly IToken[]): IToken | undefined {
  let depth = 0;
  for (const t of tokens) {
    if (t.tokenType === LParen || t.tokenType === LBracket) {
      if (++depth > MAX_NESTING) return t;
    } else if (t.tokenType === RParen || t.tokenType === RBracket) depth = Math.max(0, depth - 1);
    else if (t.tokenType === Newline) depth = 0;
  }
  return undefined;
}

/**
 * Per line, the brackets still open at its end (outermost first), and the line after it (its
 * likely continuation): a statement ends with its line, so each is a syntax error, reported at
 * the bracket rather than at the end of the line.
 */
export function unclosedBrackets(tokens: readonly IToken[]): Map<number, { open: IToken[]; next?: number }> {
  const found = new Map<number, { open: IToken[]; next?: number }>();
  let stack: IToken[] = [], last: { open: IToken[]; next?: number } | undefined;
  for (const t of tokens) {
    if (t.tokenType === Newline) {
      if (stack.length) found.set(stack[0].startLine ?? 1, (last = { open: stack }));
      stack = [];
      continue;
    }
    if (last) (last.next = t.startLine), (last = undefined);
    if (t.tokenType === LParen || t.tokenType === LBracket) stack.push(t);
    else if (t.tokenType === RParen || t.tokenType === RBracket) stack.pop();
  }
  if (stack.length) found.set(stack[0].startLine ?? 1, { open: stack });
  return found;
}

export const BaseVisitor = parser.getBaseCstVisitorConstructor();
