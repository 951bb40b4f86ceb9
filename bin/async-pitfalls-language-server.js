#!/usr/bin/env node
'use strict';
require('../dist/server/lsp/main.js').main();
