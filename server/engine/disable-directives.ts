/**
 * `eslint-disable` comments for our rules, applied exactly as ESLint applies them
 * (eslint/lib/linter/apply-disable-directives.js): block comments carry `eslint-disable`,
 * `eslint-enable`, `eslint-disable-line` and `eslint-disable-next-line`; line comments carry
 * only the last two; a rule list is comma separated and ` -- ` starts a justification.
 * Lines are 1-based, columns of directives 0-based and of problems 1-based, as in ESLint.
 */
import * as ts from 'typescript';

type DirectiveType = 'disable' | 'enable' | 'disable-line' | 'disable-next-line';

interface Position {
  readonly line: number;
  readonly column: number;
}

interface Directive extends Position {
  readonly type: 'disable' | 'enable';
  /** `null` means every rule. */
  readonly ruleId: string | null;
}

export interface DisableDirectives {
  /** Whether a problem of `ruleId` starting at 1-based `line`/`column` is suppressed. */
  isSuppressed(ruleId: string, line: number, column: number): boolean;
  /** Directives naming a rule of our namespace that does not exist (ESLint reports these as errors). */
  readonly unknownRules: readonly { readonly ruleId: string; readonly start: number; readonly end: number }[];
}

const NO_DIRECTIVES: DisableDirectives = { isSuppressed: () => false, unknownRules: [] };
const DIRECTIVE_LABEL = /^(eslint-disable|eslint-enable|eslint-disable-line|eslint-disable-next-line)(?:\s|$)/u;

/**
 * `isOwnUnknownRule` says whether a rule id belongs to our namespace but names no rule: such a
 * directive is reported, not applied, as ESLint does (other namespaces are other plugins' business).
 */
export function collectDisableDirectives(sourceFile: ts.SourceFile, isOwnUnknownRule: (ruleId: string) => boolean = () => false): DisableDirectives {
  const text = sourceFile.text;
  // Cheap pre-check: almost no file carries directives, and walking tokens costs.
  if (!text.includes('eslint-')) return NO_DIRECTIVES;

  const blockDirectives: Directive[] = [];
  const lineDirectives: Directive[] = [];
  const unknownRules: { ruleId: string; start: number; end: number }[] = [];
  for (const comment of commentsContaining(sourceFile, 'eslint-')) {
    const isBlock = comment.kind === ts.SyntaxKind.MultiLineCommentTrivia;
    const body = isBlock ? text.slice(comment.pos + 2, comment.end - 2) : text.slice(comment.pos + 2, comment.end);
    const parsed = parseDirective(body);
    if (!parsed) continue;
    if (!isBlock && parsed.type !== 'disable-line' && parsed.type !== 'disable-next-line') continue;
    const start = sourceFile.getLineAndCharacterOfPosition(comment.pos);
    const end = sourceFile.getLineAndCharacterOfPosition(comment.end);
    if (parsed.type === 'disable-line' && start.line !== end.line) continue; // ESLint rejects it too
    for (const ruleId of parsed.ruleIds.length > 0 ? parsed.ruleIds : [null]) {
      if (ruleId !== null && isOwnUnknownRule(ruleId)) {
        unknownRules.push({ ruleId, start: comment.pos, end: comment.end });
        continue;
      }
      switch (parsed.type) {
        case 'disable':
        case 'enable':
          blockDirectives.push({ type: parsed.type, line: start.line + 1, column: start.character, ruleId });
          break;
        case 'disable-line':
          lineDirectives.push({ type: 'disable', line: start.line + 1, column: 1, ruleId });
          lineDirectives.push({ type: 'enable', line: start.line + 2, column: 0, ruleId });
          break;
        case 'disable-next-line':
          lineDirectives.push({ type: 'disable', line: end.line + 2, column: 1, ruleId });
          lineDirectives.push({ type: 'enable', line: end.line + 3, column: 0, ruleId });
          break;
      }
    }
  }
  if (blockDirectives.length === 0 && lineDirectives.length === 0 && unknownRules.length === 0) return NO_DIRECTIVES;
  blockDirectives.sort(compareLocations);
  lineDirectives.sort(compareLocations);
  return {
    unknownRules,
    isSuppressed: (ruleId, line, column) =>
      suppressedBy(blockDirectives, ruleId, { line, column }) || suppressedBy(lineDirectives, ruleId, { line, column }),
  };
}

function suppressedBy(directives: readonly Directive[], ruleId: string, problem: Position): boolean {
  let disabled = false;
  for (const directive of directives) {
    if (compareLocations(directive, problem) > 0) break;
    if (directive.ruleId !== null && directive.ruleId !== ruleId) continue;
    disabled = directive.type === 'disable' ? true : false;
  }
  return disabled;
}

function compareLocations(a: Position, b: Position): number {
  return a.line - b.line || a.column - b.column;
}

function parseDirective(commentBody: string): { type: DirectiveType; ruleIds: string[] } | undefined {
  const justification = /\s-{2,}\s/u.exec(commentBody);
  const directivePart = (justification ? commentBody.slice(0, justification.index) : commentBody).trim();
  const match = DIRECTIVE_LABEL.exec(directivePart);
  if (!match) return undefined;
  const label = match[1] as string;
  const ruleIds = directivePart
    .slice(label.length)
    .split(',')
    .map((name) => name.trim().replace(/^(['"]?)(.*)\1$/su, '$2'))
    .filter((name) => name.length > 0);
  return { type: label.slice('eslint-'.length) as DirectiveType, ruleIds };
}

/**
 * The comments whose text contains `needle`, in file order. Each occurrence is placed by walking
 * down to the token whose full range holds it (the parser knows what is a comment): inside the
 * token's text it is code (a string, template, regular expression, JSX text); before it, it is in
 * the trivia, whose comments TypeScript lists. Cost grows with the occurrences, not the file.
 */
export function commentsContaining(sourceFile: ts.SourceFile, needle: string): ts.CommentRange[] {
  const text = sourceFile.text;
  const found: ts.CommentRange[] = [];
  for (let index = text.indexOf(needle); index >= 0; index = text.indexOf(needle, index + needle.length)) {
    const last = found[found.length - 1];
    if (last && last.pos <= index && index < last.end) continue;
    const token = tokenHolding(sourceFile, index);
    if (!token || index >= token.getStart(sourceFile)) continue;
    const comment = [...(ts.getTrailingCommentRanges(text, token.pos) ?? []), ...(ts.getLeadingCommentRanges(text, token.pos) ?? [])].find(
      (range) => range.pos <= index && index < range.end,
    );
    if (comment && !found.some((range) => range.pos === comment.pos)) found.push(comment);
  }
  return found.sort((a, b) => a.pos - b.pos);
}

/** The token (or childless node) whose full range, leading trivia included, holds `offset`. */
function tokenHolding(sourceFile: ts.SourceFile, offset: number): ts.Node | undefined {
  let node: ts.Node = sourceFile;
  for (;;) {
    if (node.kind >= ts.SyntaxKind.FirstToken && node.kind <= ts.SyntaxKind.LastToken) return node;
    // JSDoc nodes live inside a comment: the token after them holds the comment in its trivia.
    const child: ts.Node | undefined = node
      .getChildren(sourceFile)
      .find((candidate) => !(candidate.kind >= ts.SyntaxKind.FirstJSDocNode && candidate.kind <= ts.SyntaxKind.LastJSDocNode) && candidate.pos <= offset && offset < candidate.end);
    if (!child) return node === sourceFile ? undefined : node;
    node = child;
  }
}

/**
 * Every comment of the file, found through the trivia of every token (the parser knows what is a
 * comment). Walks the whole tree: kept as the reference `commentsContaining` is tested against.
 */
export function allComments(sourceFile: ts.SourceFile): ts.CommentRange[] {
  const text = sourceFile.text;
  const seen = new Set<number>();
  const comments: ts.CommentRange[] = [];
  const add = (ranges: ts.CommentRange[] | undefined): void => {
    for (const range of ranges ?? []) {
      if (seen.has(range.pos)) continue;
      seen.add(range.pos);
      comments.push(range);
    }
  };
  const visit = (node: ts.Node): void => {
    // JSDoc nodes live inside a comment: their positions are not trivia boundaries.
    if (node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode) return;
    add(ts.getLeadingCommentRanges(text, node.pos));
    add(ts.getTrailingCommentRanges(text, node.end));
    if (node.kind >= ts.SyntaxKind.FirstToken && node.kind <= ts.SyntaxKind.LastToken) return;
    for (const child of node.getChildren(sourceFile)) visit(child);
  };
  visit(sourceFile);
  return comments.sort((a, b) => a.pos - b.pos);
}
