/**
 * `require('async-pitfalls')` / `import asyncPitfalls from 'async-pitfalls'`: the ESLint plugin.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createPlugin } from './plugin.js';
import { allRules } from './registry.js';

// Read once at load; the package root is two levels above dist/rules/.
const packageJson = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};

const plugin = createPlugin(allRules, packageJson.name, packageJson.version);

export = plugin;
