/**
 * Preloaded into the language server by the stress test only (NODE_OPTIONS=--expose-gc --require):
 * on SIGUSR2 it runs a full garbage collection and writes the memory figures to stderr, so the test
 * measures what the server holds rather than what V8 has not collected yet.
 */
process.on('SIGUSR2', () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  process.stderr.write(`memory-probe ${JSON.stringify({ rss, heapUsed, collected: gc !== undefined })}\n`);
});
