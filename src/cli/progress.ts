/**
 * Progress for long batches: on a terminal, a bar with count and rate, drawn
 * once the batch has taken a second; elsewhere (CI logs) nothing but the
 * plain per-file lines the CLI prints anyway.
 */
export class Progress {
  private readonly started = performance.now();
  private drawn = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  /** Prints a line above the bar. */
  line(text: string, out: NodeJS.WriteStream = process.stdout): void {
    this.clear();
    out.write(`${text}\n`);
  }

  update(done: number, total: number): void {
    const seconds = (performance.now() - this.started) / 1000;
    if (!this.stream.isTTY || seconds < 1 || total === 0) return;
    const width = 30;
    const filled = Math.round((done / total) * width);
    const rate = done / seconds;
    this.stream.write(`\r\x1b[2K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} articles · ${rate.toFixed(1)}/s`);
    this.drawn = true;
  }

  clear(): void {
    if (!this.drawn) return;
    this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }
}
