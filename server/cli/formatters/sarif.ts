/**
 * SARIF 2.1.0 (OASIS), the format code-scanning services ingest: one run, the tool's rules with
 * their help URIs, one result per finding with a region in 1-based lines and columns.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AsyncPitfallsRule } from '../../../rules/create-rule.js';
import { PLUGIN_NAMESPACE } from '../../../rules/plugin.js';
import type { LintResult } from './results.js';

export interface SarifContext {
  readonly rules: readonly AsyncPitfallsRule[];
  readonly version: string;
  readonly cwd: string;
}

export function formatSarif(results: readonly LintResult[], context: SarifContext): string {
  const ruleIds = context.rules.map((rule) => `${PLUGIN_NAMESPACE}/${rule.name}`);
  const baseUri = pathToFileURL(context.cwd + path.sep).href;
  const artifacts: { location: { uri: string; uriBaseId?: string } }[] = [];
  const sarifResults: object[] = [];
  for (const result of results) {
    const relative = path.relative(context.cwd, result.filePath);
    const inside = !relative.startsWith('..') && !path.isAbsolute(relative);
    const location = inside
      ? { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' }
      : { uri: pathToFileURL(result.filePath).href };
    const artifactIndex = artifacts.push({ location }) - 1;
    for (const message of result.messages) {
      const ruleIndex = message.ruleId === null ? -1 : ruleIds.indexOf(message.ruleId);
      sarifResults.push({
        ...(ruleIndex >= 0 ? { ruleId: message.ruleId, ruleIndex } : { ruleId: 'async-pitfalls/file-problem' }),
        level: message.severity === 2 ? 'error' : 'warning',
        message: { text: message.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { ...location, index: artifactIndex },
              region: { startLine: message.line, startColumn: message.column, endLine: message.endLine, endColumn: message.endColumn },
            },
          },
        ],
      });
    }
  }
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: PLUGIN_NAMESPACE,
            version: context.version,
            informationUri: 'https://github.com/async-pitfalls/async-pitfalls',
            rules: context.rules.map((rule) => ({
              id: `${PLUGIN_NAMESPACE}/${rule.name}`,
              name: rule.name,
              shortDescription: { text: rule.meta.docs?.description ?? rule.name },
              helpUri: rule.meta.docs?.url,
              defaultConfiguration: { level: 'error' },
              properties: { tags: ['async', 'correctness'] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: baseUri } },
        artifacts,
        results: sarifResults,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
