/**
 * The language status item ("{ }" in the status bar next to the language mode) for files the
 * server checks: fed by the server's `asyncPitfalls/status` notification and by the client's own
 * state (starting, stopped). Its command opens the output channel, where every problem is logged.
 */
import * as vscode from 'vscode';
import type { ServerState, StatusParams } from '../../server/protocol.js';
import { Commands } from './contributions.js';

export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;

  constructor(selector: vscode.DocumentSelector) {
    this.item = vscode.languages.createLanguageStatusItem('asyncPitfalls.status', selector);
    this.item.name = 'Async Pitfalls';
    this.item.command = { title: 'Show Output', command: Commands.showOutput, tooltip: 'Show the Async Pitfalls output' };
    this.showStarting();
  }

  showStarting(): void {
    this.set('starting', 'Starting the language server…');
  }

  showStopped(reason: string): void {
    this.set('error', reason);
  }

  /** Applies one `asyncPitfalls/status` notification. */
  update(status: StatusParams): void {
    this.set(status.state, describe(status));
  }

  dispose(): void {
    this.item.dispose();
  }

  private set(state: ServerState, detail: string): void {
    const busy = state === 'starting' || state === 'loading' || state === 'checking';
    this.item.busy = busy;
    this.item.severity = state === 'error' ? vscode.LanguageStatusSeverity.Error : vscode.LanguageStatusSeverity.Information;
    this.item.text = state === 'error' ? '$(error) Async Pitfalls' : busy ? 'Async Pitfalls' : '$(check) Async Pitfalls';
    this.item.detail = detail;
    this.item.accessibilityInformation = { label: `Async Pitfalls: ${detail}` };
  }
}

function describe(status: StatusParams): string {
  switch (status.state) {
    case 'starting':
      return 'Starting…';
    case 'loading':
      return status.message ?? 'Loading project…';
    case 'checking':
      return 'Checking…';
    case 'error':
      return status.message ?? 'The server reported an error: see the output.';
    case 'idle': {
      const projects = `${status.projectCount} ${status.projectCount === 1 ? 'project' : 'projects'}`;
      if (status.lastCheckTime === undefined) return `Ready · ${projects}`;
      const time = new Date(status.lastCheckTime).toLocaleTimeString();
      const duration = status.lastCheckDurationMs === undefined ? '' : ` in ${Math.round(status.lastCheckDurationMs)} ms`;
      return `Ready · checked ${time}${duration} · ${projects}`;
    }
  }
}
