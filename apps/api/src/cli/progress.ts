/** A one-line progress bar with the rate, redrawn in place on a terminal. */
export function progressBar(label: string, total: bigint | number) {
  const started = Date.now();
  const totalN = Number(total);
  let last = 0;
  return {
    update(done: number, force = false) {
      const now = Date.now();
      if (!force && now - last < 200) return;
      last = now;
      const seconds = Math.max((now - started) / 1000, 0.001);
      const share = totalN ? Math.min(done / totalN, 1) : 1;
      const bar = '█'.repeat(Math.round(share * 30)).padEnd(30, '░');
      const line = `${label} ${bar} ${done}/${totalN} ${Math.round(done / seconds)} events/s`;
      process.stdout.write(process.stdout.isTTY ? `\r${line}` : `${line}\n`);
    },
    done(done: number) {
      this.update(done, true);
      if (process.stdout.isTTY) process.stdout.write('\n');
      return (Date.now() - started) / 1000;
    },
  };
}
