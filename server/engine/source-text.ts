/**
 * Reading a source file the way both TypeScript and ESLint see it: UTF-8, byte order mark removed
 * (positions are counted without it), line endings untouched. What could not be read, or is not
 * text, is said here once so every surface reports it the same way.
 */
import * as fs from 'node:fs';

export interface SourceText {
  readonly text: string;
  /** The file starts with a UTF-8 BOM; writers must put it back. */
  readonly hasBom: boolean;
  /** Why the file could not be used as source text, when it could not. */
  readonly readError: string | undefined;
}

const BINARY_SNIFF_BYTES = 8000;

export function readSourceText(fileName: string): SourceText {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(fileName);
  } catch (error) {
    return { text: '', hasBom: false, readError: `Cannot read file: ${(error as Error).message}` };
  }
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
    return { text: '', hasBom: false, readError: 'Binary file (it contains NUL bytes); not analysed.' };
  }
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), hasBom, readError: undefined };
  } catch {
    return { text: '', hasBom, readError: 'File is not valid UTF-8; not analysed (save it as UTF-8).' };
  }
}

/**
 * A file's size, modification time and inode as one string, '' when it is not a file: what moves
 * when the file is written or replaced, for long-lived processes that must notice it.
 */
export function fileStamp(fileName: string): string {
  const stat = fs.statSync(fileName, { throwIfNoEntry: false });
  return stat?.isFile() === true ? `${stat.size}:${stat.mtimeMs}:${stat.ino}` : '';
}
