/**
 * A progress line on stderr for long runs: only on a terminal, only after the run has taken a
 * second (short runs stay silent), redrawn at most every 100 ms, erased at the end.
 */
const QUIET_PERIOD_MS = 1000;
const REDRAW_INTERVAL_MS = 100;

export class ProgressLine {
  private readonly startedAt = Date.now();
  private lastDrawAt = 0;
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
    private readonly total: number,
  ) {}

  update(index: number, file: string): void {
    if (this.stream.isTTY !== true) return;
    const now = Date.now();
    if (now - this.startedAt < QUIET_PERIOD_MS || now - this.lastDrawAt < REDRAW_INTERVAL_MS) return;
    this.lastDrawAt = now;
    const line = `Analysing ${index + 1}/${this.total}: ${file}`;
    const width = (this.stream.columns ?? 80) - 1;
    this.stream.write(`\r\u001b[K${line.length > width ? `…${line.slice(line.length - width + 1)}` : line}`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.stream.write('\r\u001b[K');
  }
}
