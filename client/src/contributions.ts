/**
 * What the extension's manifest (package.json `contributes`, `activationEvents`) must agree with,
 * kept free of `vscode` imports so that a plain mocha test can compare the two.
 */

/** The client id: `asyncPitfalls.trace.server` is the trace setting, by the language client's convention. */
export const CLIENT_ID = 'asyncPitfalls';

/** Languages the server checks; the extension activates on these only. */
export const LANGUAGES = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'] as const;

export const Commands = {
  fixAll: 'asyncPitfalls.fixAll',
  restartServer: 'asyncPitfalls.restartServer',
  showOutput: 'asyncPitfalls.showOutput',
} as const;
