#!/usr/bin/env node
'use strict';
const argv = process.argv.slice(2);

function internalError(error) {
  process.stderr.write(`async-pitfalls: internal error: ${error && error.stack ? error.stack : String(error)}\n`);
  process.exitCode = 2;
}

// --daemon and `daemon status|stop` go through a small client that loads neither TypeScript nor the engine.
const daemonClient = require('../dist/server/cli/daemon/client.js');
if (daemonClient.wantsDaemon(argv)) {
  daemonClient.runWithDaemon(argv).then((code) => (process.exitCode = code), internalError);
} else {
  try {
    process.exitCode = require('../dist/server/cli/main.js').main(argv);
  } catch (error) {
    internalError(error);
  }
}
