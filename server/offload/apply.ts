/** Applying an offload's changes to files on disk (the CLI and the tests; the editor applies a WorkspaceEdit instead). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEdits } from '../engine/apply-edits.js';
import type { FileChange } from './types.js';

/**
 * Creates the new files and edits the others. Edits are offsets into the text the program read, so
 * each file is read again and must be unchanged; a BOM is kept. Throws before writing anything when a
 * file changed or a file to create exists.
 */
export function applyChangesToDisk(changes: readonly FileChange[], expectedTexts: ReadonlyMap<string, string>): string[] {
  const writes: { fileName: string; text: string }[] = [];
  for (const change of changes) {
    if (change.kind === 'create') {
      if (fs.existsSync(change.fileName)) throw new Error(`${change.fileName} already exists.`);
      writes.push({ fileName: change.fileName, text: change.text });
      continue;
    }
    const raw = fs.readFileSync(change.fileName, 'utf8');
    const bom = raw.startsWith('\uFEFF') ? '\uFEFF' : '';
    const current = raw.slice(bom.length);
    const expected = expectedTexts.get(change.fileName);
    if (expected !== undefined && expected !== current) throw new Error(`${change.fileName} changed since it was analysed; run the command again.`);
    writes.push({ fileName: change.fileName, text: bom + applyEdits(current, change.edits) });
  }
  for (const write of writes) {
    fs.mkdirSync(path.dirname(write.fileName), { recursive: true });
    fs.writeFileSync(write.fileName, write.text);
  }
  return writes.map((write) => write.fileName);
}
