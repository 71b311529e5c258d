// Tokens of the linc spec language. Newlines are tokens because they end statements; comments
// and other blanks are skipped. Each token carries a LABEL, the way error messages name it.
import { createToken, createTokenInstance, Lexer, type IToken, type TokenType } from "chevrotain";

export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: "a name" });
const keyword = (word: string) =>
  createToken({ name: word[0].toUpperCase() + word.slice(1), pattern: new RegExp(word), longer_alt: Identifier, label: `'${word}'` });

export const Const = keyword("const");
export const Input = keyword("input");
export const Param = keyword("param");
export const Output = keyword("output");
export const True = keyword("true");
export const False = keyword("false");

/** Element types: a category, so the grammar consumes "a dtype" and the visitor reads its image. */
export const DType = createToken({ name: "DType", pattern: Lexer.NA, label: "a dtype (f32, f64, c64, c128, i64)" });
const dtype = (name: string) => createToken({ name: name.toUpperCase(), pattern: new RegExp(name), longer_alt: Identifier, categories: DType, label: `'${name}'` });
const DTYPE_TOKENS = ["c128", "f32", "f64", "c64", "i64"].map(dtype);

// Floats need a dot or an exponent (1.5, .5, 2., 1e-3); they come before integers and '.'.
export const Float = createToken({ name: "Float", pattern: /(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+/, label: "a number" });
export const Integer = createToken({ name: "Integer", pattern: /\d+/, label: "a number" });
export const StringLit = createToken({ name: "StringLit", pattern: /"[^"\n]*"/, label: "a string" });
/** A string missing its closing quote: the lexer keeps it so parsing can go on, then reports E0003. */
export const Unterminated = createToken({ name: "Unterminated", pattern: /"[^"\n]*/, label: "a string" });

const punct = (name: string, text: string, categories?: TokenType) =>
  createToken({ name, pattern: new RegExp(text.replace(/[()[\].*+/@-]/g, "\\$&")), label: `'${text}'`, ...(categories ? { categories } : {}) });
/** Operator categories: one CST list per precedence level keeps the operators in source order. */
export const AddOp = createToken({ name: "AddOp", pattern: Lexer.NA, label: "'+' or '-'" });
export const MulOp = createToken({ name: "MulOp", pattern: Lexer.NA, label: "'*', '/' or '@'" });
export const LParen = punct("LParen", "(");
export const RParen = punct("RParen", ")");
export const LBracket = punct("LBracket", "[");
export const RBracket = punct("RBracket", "]");
export const Comma = punct("Comma", ",");
export const Colon = punct("Colon", ":");
export const Equals = punct("Equals", "=");
export const At = punct("At", "@", MulOp);
export const Plus = punct("Plus", "+", AddOp);
export const Minus = punct("Minus", "-", AddOp);
export const Star = punct("Star", "*", MulOp);
export const Slash = punct("Slash", "/", MulOp);
export const Dot = punct("Dot", ".");
// a run of line ends, with the blank and comment-only lines between them, is one token: a spec
// of blank lines costs one token, not one per line (item 10 of issue 10; line numbers still
// count every line, the token starting at the first line end)
export const Newline = createToken({ name: "Newline", pattern: /\n(?:[ \t\f\r]*(?:#[^\n]*)?\n)*/, line_breaks: true, label: "end of line" });

const Blank = createToken({ name: "Blank", pattern: /[ \t\f\r]+/, group: Lexer.SKIPPED });
const Comment = createToken({ name: "Comment", pattern: /#[^\n]*/, group: Lexer.SKIPPED });

/** All token types, in match order (longer and more specific patterns first). */
export const ALL_TOKENS: TokenType[] = [
  Blank, Comment, Newline,
  Const, Input, Param, Output, True, False, ...DTYPE_TOKENS, DType, Identifier,
  Float, Integer, StringLit, Unterminated,
  LParen, RParen, LBracket, RBracket, Comma, Colon, Equals, AddOp, MulOp, At, Plus, Minus, Star, Slash, Dot,
];

const lexer = new Lexer(ALL_TOKENS, {
  positionTracking: "full",
  lineTerminatorsPattern: /\n/g,
  lineTerminatorCharacters: ["\n"],
  ensureOptimizations: false,
  skipValidations: process.env.LINC_SKIP_GRAMMAR_CHECKS === "1", // set by the build (scripts/build.mjs); tests validate
});

export interface LexProblem {
  code: "E0001" | "E0003";
  line: number;
  col: number;
  length: number;
  text: string;
}

export interface LexResult {
  tokens: IToken[];
  problems: LexProblem[];
}

/**
 * Tokenise a spec. Unterminated strings become string tokens (so the parser goes on) plus an
 * E0003 problem; a final newline token with an empty image (the end of file)
 * is appended so every statement ends with one.
 */
export function lex(source: string): LexResult {
  const r = lexer.tokenize(source);
  const problems: LexProblem[] = r.errors.map((e) => ({
    code: "E0001", line: e.line ?? 1, col: e.column ?? 1, length: e.length, text: source.slice(e.offset, e.offset + e.length),
  }));
  const tokens = r.tokens.map((t) => {
    if (t.tokenType !== Unterminated) return t;
    problems.push({ code: "E0003", line: t.startLine ?? 1, col: t.startColumn ?? 1, length: t.image.length, text: t.image });
    return createTokenInstance(StringLit, t.image + '"', t.startOffset, t.endOffset ?? t.startOffset, t.startLine ?? 1, t.endLine ?? 1, t.startColumn ?? 1, t.endColumn ?? 1);
  });
  const last = lastPosition(source);
  tokens.push(createTokenInstance(Newline, "", source.length, source.length, last.line, last.line, last.col, last.col));
  return { tokens, problems };
}

/** Line and column just past the end of the source (where "end of file" is reported). */
function lastPosition(source: string): { line: number; col: number } {
  const lines = source.split("\n");
  return { line: lines.length, col: lines[lines.length - 1].length + 1 };
}
