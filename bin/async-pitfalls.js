#!/usr/bin/env node
'use strict';
const { main } = require('../dist/server/cli/main.js');

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`async-pitfalls: internal error: ${error && error.stack ? error.stack : String(error)}\n`);
  process.exitCode = 2;
}
