/**
 * The open documents, kept in sync with incremental changes. Besides the text, each change keeps
 * the edit as a TypeScript text change range, so the project can hand TypeScript exactly what
 * changed and TypeScript reparses incrementally.
 */
import * as ts from 'typescript';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { URI } from './uri.js';

export interface OpenDocument {
  readonly uri: string;
  /** Absolute file system path. */
  readonly filePath: string;
  readonly document: TextDocument;
  /** The edit from the previous version to this one; undefined after open. */
  readonly change: ts.TextChangeRange | undefined;
}

export class OpenDocuments {
  private readonly byUri = new Map<string, OpenDocument>();

  open(uri: string, languageId: string, version: number, text: string): OpenDocument {
    const entry: OpenDocument = { uri, filePath: URI.toPath(uri), document: TextDocument.create(uri, languageId, version, text), change: undefined };
    this.byUri.set(uri, entry);
    return entry;
  }

  /** Applies the client's changes in order; returns the updated document, or undefined if it is not open. */
  change(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): OpenDocument | undefined {
    const current = this.byUri.get(uri);
    if (!current) return undefined;
    let document = current.document;
    const ranges: ts.TextChangeRange[] = [];
    for (const change of changes) {
      const oldLength = document.getText().length;
      if ('range' in change) {
        const start = document.offsetAt(change.range.start);
        const end = document.offsetAt(change.range.end);
        ranges.push(ts.createTextChangeRange(ts.createTextSpan(start, end - start), change.text.length));
      } else {
        ranges.push(ts.createTextChangeRange(ts.createTextSpan(0, oldLength), change.text.length));
      }
      document = TextDocument.update(document, [change], version);
    }
    const entry: OpenDocument = {
      uri,
      filePath: current.filePath,
      document,
      change: ranges.length > 0 ? ts.collapseTextChangeRangesAcrossMultipleVersions(ranges) : ts.unchangedTextChangeRange,
    };
    this.byUri.set(uri, entry);
    return entry;
  }

  close(uri: string): OpenDocument | undefined {
    const entry = this.byUri.get(uri);
    this.byUri.delete(uri);
    return entry;
  }

  get(uri: string): OpenDocument | undefined {
    return this.byUri.get(uri);
  }

  byPath(filePath: string): OpenDocument | undefined {
    for (const entry of this.byUri.values()) if (entry.filePath === filePath) return entry;
    return undefined;
  }

  all(): OpenDocument[] {
    return [...this.byUri.values()];
  }

  get size(): number {
    return this.byUri.size;
  }
}
