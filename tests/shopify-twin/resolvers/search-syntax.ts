import { notImplemented } from "../graphql/execute";
import { parseGid } from "./gid";

// Shopify search syntax (shopify.dev/api/usage/search-syntax), shared by every query with a
// `query` argument: implicit AND between terms, AND / OR / NOT, `-term`, parentheses,
// `field:value`, `field:"quoted value"`, comparators `field:>v`, `:>=`, `:<`, `:<=`, and
// trailing-`*` prefixes. Each query names its fields; unknown ones are dropped with the warning
// Shopify returns in extensions.search.

export interface SearchWarningItem {
  field: string;
  message: string;
}

export type Comparator = ":" | ":>" | ":>=" | ":<" | ":<=";

export interface Term {
  kind: "term";
  field: string | null;
  comparator: Comparator;
  value: string;
  quoted: boolean;
}

type Expression = Term | { kind: "not"; operand: Expression } | { kind: "and" | "or"; operands: Expression[] };

interface Token {
  kind: "word" | "lparen" | "rparen";
  text: string;
  quoted: boolean;
  negated: boolean;
  /** Length of `text` before its first quoted part: a field name must end before it. */
  unquotedLength: number;
}

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < query.length) {
    const char = query[index]!;
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    if (char === "(" || char === ")") {
      tokens.push({ kind: char === "(" ? "lparen" : "rparen", text: char, quoted: false, negated: false, unquotedLength: 1 });
      index += 1;
      continue;
    }
    let negated = false;
    if (char === "-" && index + 1 < query.length && !/\s/.test(query[index + 1]!)) {
      negated = true;
      index += 1;
    }
    let text = "";
    let quoted = false;
    let unquotedLength = -1;
    while (index < query.length && !/[\s()]/.test(query[index]!)) {
      const current = query[index]!;
      if (current === '"' || current === "'") {
        if (!quoted) unquotedLength = text.length;
        const close = query.indexOf(current, index + 1);
        const end = close === -1 ? query.length : close;
        text += query.slice(index + 1, end);
        quoted = true;
        index = end + 1;
        continue;
      }
      text += current;
      index += 1;
    }
    tokens.push({ kind: "word", text, quoted, negated, unquotedLength: unquotedLength === -1 ? text.length : unquotedLength });
  }
  return tokens;
}

function termOf(token: Token): Term {
  const match = /^([a-z_]+):(>=|<=|>|<)?(.*)$/s.exec(token.text);
  if (!match || token.text.indexOf(":") >= token.unquotedLength) {
    return { kind: "term", field: null, comparator: ":", value: token.text, quoted: token.quoted };
  }
  return { kind: "term", field: match[1]!, comparator: `:${match[2] ?? ""}` as Comparator, value: match[3]!, quoted: token.quoted };
}

class Parser {
  private position = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): Expression {
    return this.or();
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private or(): Expression {
    const operands = [this.and()];
    while (this.peek()?.kind === "word" && this.peek()?.text === "OR" && !this.peek()?.quoted) {
      this.position += 1;
      operands.push(this.and());
    }
    return operands.length === 1 ? operands[0]! : { kind: "or", operands };
  }

  private and(): Expression {
    const operands: Expression[] = [];
    for (let token = this.peek(); token && token.kind !== "rparen"; token = this.peek()) {
      if (token.kind === "word" && !token.quoted && token.text === "OR") break;
      if (token.kind === "word" && !token.quoted && token.text === "AND") {
        this.position += 1;
        continue;
      }
      operands.push(this.unary());
    }
    return operands.length === 1 ? operands[0]! : { kind: "and", operands };
  }

  private unary(): Expression {
    const token = this.tokens[this.position++];
    if (!token) return { kind: "and", operands: [] };
    if (token.kind === "word" && !token.quoted && token.text === "NOT") return { kind: "not", operand: this.unary() };
    let expression: Expression;
    if (token.kind === "lparen") {
      expression = this.or();
      if (this.peek()?.kind === "rparen") this.position += 1;
    } else {
      expression = termOf(token);
    }
    return token.negated ? { kind: "not", operand: expression } : expression;
  }
}

// ---- matching ---------------------------------------------------------------------------------

export function tokensOf(text: string | null): string[] {
  return text ? text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean) : [];
}

export function matchesText(candidate: string | null, term: Term): boolean {
  if (!candidate) return false;
  const value = term.value.toLowerCase();
  if (value === "*") return true;
  if (value.endsWith("*")) return candidate.toLowerCase().startsWith(value.slice(0, -1));
  return candidate.toLowerCase() === value;
}

/** Tokenized fields (email): quoted means exact; unquoted means every query token occurs. */
export function matchesTokenized(candidate: string | null, term: Term): boolean {
  if (!candidate) return false;
  if (term.value === "*") return true;
  if (term.quoted) return candidate.toLowerCase() === term.value.toLowerCase();
  if (term.value.endsWith("*")) return candidate.toLowerCase().startsWith(term.value.slice(0, -1).toLowerCase());
  const have = new Set(tokensOf(candidate));
  return tokensOf(term.value).every((token) => have.has(token));
}

export function compareNumber(actual: number, term: Term): boolean | null {
  const wanted = Number(term.value);
  if (!Number.isFinite(wanted)) return null;
  switch (term.comparator) {
    case ":":
      return actual === wanted;
    case ":>":
      return actual > wanted;
    case ":>=":
      return actual >= wanted;
    case ":<":
      return actual < wanted;
    case ":<=":
      return actual <= wanted;
  }
}

/** A date, a year or a full timestamp names a span; comparisons work against its ends. */
function timeSpan(value: string, nowMs: number): { start: number; end: number } | null {
  if (value === "now") return { start: nowMs, end: nowMs + 1 };
  if (/^\d{4}$/.test(value)) return { start: Date.UTC(Number(value), 0, 1), end: Date.UTC(Number(value) + 1, 0, 1) };
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = Date.parse(`${value}T00:00:00Z`);
    return Number.isNaN(start) ? null : { start, end: start + 24 * 3600 * 1000 };
  }
  const instant = Date.parse(value);
  return Number.isNaN(instant) ? null : { start: instant, end: instant + 1000 };
}

export function compareTime(actualIso: string, term: Term, nowMs: number): boolean | null {
  const span = timeSpan(term.value, nowMs);
  if (!span) return null;
  const actual = Date.parse(actualIso);
  switch (term.comparator) {
    case ":":
      return actual >= span.start && actual < span.end;
    case ":>":
      return actual >= span.end;
    case ":>=":
      return actual >= span.start;
    case ":<":
      return actual < span.start;
    case ":<=":
      return actual < span.end;
  }
}

export type FieldMatcher<T> = (item: T, term: Term, nowMs: number) => boolean | null;

export interface SearchFields<T> {
  fields: Record<string, FieldMatcher<T>>;
  /** A term without a field. */
  freeText: (item: T, term: Term) => boolean;
  /** Fields Shopify accepts for this query that the twin does not model: using one is an error, never a silent miss. */
  unmodelled?: readonly string[];
}

export interface CompiledSearch<T> {
  matches(item: T): boolean;
  warnings: SearchWarningItem[];
}

/** `id:` with a number or a gid, and comparisons. */
export function idMatcher<T>(idOf: (item: T) => number): FieldMatcher<T> {
  return (item, term) => {
    const gid = parseGid(term.value);
    return compareNumber(idOf(item), gid ? { ...term, value: String(gid.id) } : term);
  };
}

/** Drops terms Shopify ignores (unknown fields, unreadable values) and records why. */
function prune<T>(expression: Expression, search: SearchFields<T>, warnings: SearchWarningItem[]): Expression | null {
  if (expression.kind === "term") {
    if (expression.field !== null && search.unmodelled?.includes(expression.field)) throw notImplemented(`search field ${expression.field}`);
    if (expression.field === null || search.fields[expression.field]) return expression;
    warnings.push({ field: expression.field, message: "Invalid search field for this query." });
    return null;
  }
  if (expression.kind === "not") {
    const operand = prune(expression.operand, search, warnings);
    return operand ? { kind: "not", operand } : null;
  }
  const operands = expression.operands.map((operand) => prune(operand, search, warnings)).filter((operand): operand is Expression => operand !== null);
  if (operands.length === 0) return null;
  return operands.length === 1 ? operands[0]! : { kind: expression.kind, operands };
}

function evaluate<T>(expression: Expression, item: T, search: SearchFields<T>, nowMs: number): boolean {
  switch (expression.kind) {
    case "term": {
      if (expression.field === null) return search.freeText(item, expression);
      return search.fields[expression.field]!(item, expression, nowMs) ?? false;
    }
    case "not":
      return !evaluate(expression.operand, item, search, nowMs);
    case "and":
      return expression.operands.every((operand) => evaluate(operand, item, search, nowMs));
    case "or":
      return expression.operands.some((operand) => evaluate(operand, item, search, nowMs));
  }
}

export function compileSearch<T>(query: string | null | undefined, search: SearchFields<T>, nowMs: number): CompiledSearch<T> {
  const warnings: SearchWarningItem[] = [];
  const tokens = query ? tokenize(query) : [];
  const expression = tokens.length > 0 ? prune(new Parser(tokens).parse(), search, warnings) : null;
  return {
    matches: (item) => expression === null || evaluate(expression, item, search, nowMs),
    warnings,
  };
}
