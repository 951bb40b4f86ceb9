/** Writes through a temporary file in the same folder and a rename, so a crash never leaves half a file. */
import * as fs from 'node:fs';
import * as path from 'node:path';

export function writeFileAtomically(linkOrFile: string, content: string, withBom: boolean): void {
  // Through a symlink, the file it points to is rewritten; renaming over the link would replace it.
  const fileName = fs.realpathSync(linkOrFile);
  const temporary = path.join(path.dirname(fileName), `.${path.basename(fileName)}.${process.pid}.async-pitfalls.tmp`);
  const mode = fs.statSync(fileName).mode;
  try {
    fs.writeFileSync(temporary, (withBom ? '\uFEFF' : '') + content, { mode });
    fs.renameSync(temporary, fileName);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
