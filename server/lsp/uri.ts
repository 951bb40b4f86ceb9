/** file: URIs to paths and back, as Node understands them (percent-encoding, drive letters). */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const URI = {
  isFile(uri: string): boolean {
    return uri.startsWith('file:');
  },
  /** The absolute path of a file: URI; other schemes map to a path nobody has (never read from disk). */
  toPath(uri: string): string {
    if (!URI.isFile(uri)) return path.resolve('/__non_file__', encodeURIComponent(uri));
    try {
      return path.resolve(fileURLToPath(uri));
    } catch {
      return path.resolve('/__non_file__', encodeURIComponent(uri));
    }
  },
  fromPath(filePath: string): string {
    return pathToFileURL(filePath).href;
  },
};
