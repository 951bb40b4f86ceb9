/** Throwaway projects on disk for the server tests (in the OS temp directory, removed after). */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const TSCONFIG = JSON.stringify(
  {
    compilerOptions: { target: 'ES2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: true, types: [] },
    include: ['src'],
  },
  null,
  2,
);

export function makeWorkspace(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ap-lsp-'));
  writeFiles(root, files);
  return root;
}

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

export function removeWorkspace(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}
