/**
 * What `--cache` and the language server must know of field writes. `no-floating-promise` lets a
 * call float when the method hands back a promise its class's constructor stored (held-promise.ts),
 * and proves it by reading every write of that field in the program, in any file: a file that
 * writes the field somewhere else changes findings in files that never import it. So the cache
 * records, per file and from its syntax alone, the property names it assigns and the fields its
 * functions return as `this.name`; a warm run's program includes the files writing such fields,
 * and a change in what a file writes re-analyses the files that may call a method returning one.
 * Names only (any property of that name counts): more is only safer.
 */
import * as ts from 'typescript';
import { assignedProperty, thisFieldRead } from '../../rules/core/no-floating-promise/held-promise.js';
import { cachedPerProgram } from '../../rules/core/per-program-cache.js';

const factsBySourceFile = new WeakMap<ts.SourceFile, FieldFacts>();
const returnersByProgram = new WeakMap<ts.Program, Map<'returners', Map<string, string[]>>>();

/**
 * Whether a function of another project file of `program` returns `this.<name>`: a write of that
 * field may then change what calls of it prove in any file. The index is built once per program
 * from facts kept per tree, so an edit re-reads only the edited file.
 */
export function fieldReturnedInOtherFile(program: ts.Program, fileName: string, name: string): boolean {
  const returners = cachedPerProgram(returnersByProgram, program, 'returners', () => {
    const byField = new Map<string, string[]>();
    for (const sourceFile of program.getSourceFiles()) {
      if (sourceFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(sourceFile)) continue;
      for (const field of fieldFacts(sourceFile).returnedFields) byField.set(field, [...(byField.get(field) ?? []), sourceFile.fileName]);
    }
    return byField;
  });
  return (returners.get(name) ?? []).some((file) => file !== fileName);
}

export interface FieldFacts {
  /** Property names assigned anywhere in the file (`x.name = …`, `x['name'] ??= …`). */
  readonly fieldWrites: string[];
  /** Property names some function of the file returns as `this.name`. */
  readonly returnedFields: string[];
}

/** A file's field facts, worked out once per tree (a daemon's programs share the unchanged trees). */
export function fieldFacts(sourceFile: ts.SourceFile): FieldFacts {
  let facts = factsBySourceFile.get(sourceFile);
  if (!facts) factsBySourceFile.set(sourceFile, (facts = computeFieldFacts(sourceFile)));
  return facts;
}

function computeFieldFacts(sourceFile: ts.SourceFile): FieldFacts {
  const writes = new Set<string>();
  const returned = new Set<string>();
  const visit = (node: ts.Node): void => {
    const written = assignedProperty(node);
    if (written !== undefined) writes.add(written.text);
    const returnedExpression = ts.isReturnStatement(node) ? node.expression : ts.isArrowFunction(node) && !ts.isBlock(node.body) ? node.body : undefined;
    const field = returnedExpression && thisFieldRead(returnedExpression);
    if (field !== undefined) returned.add(field);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return { fieldWrites: [...writes].sort(), returnedFields: [...returned].sort() };
}

/**
 * The property names a file assigns, as one comparable string: a change in it may change findings
 * in files that never import it.
 */
export function fieldWritesKey(sourceFile: ts.SourceFile): string {
  return fieldFacts(sourceFile).fieldWrites.join('\n');
}
