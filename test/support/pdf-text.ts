import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const INSTALL = 'apt-get install -y poppler-utils';

/**
 * pdftotext (Debian's poppler-utils) reads back what a PDF really shows. Installed here when it is
 * missing and the tests run as root (a fresh CI machine), as the browser tests do for chromium.
 */
export function ensurePdftotext(): void {
  if (spawnSync('pdftotext', ['-v']).error === undefined) return;
  if (process.getuid?.() !== 0) throw new Error(`pdftotext is missing: install it with \`sudo ${INSTALL}\``);
  const install = spawnSync('sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${INSTALL}`], { stdio: 'inherit' });
  if (install.status !== 0) throw new Error(`could not install pdftotext: run \`${INSTALL}\``);
}

/** The text of a PDF in reading order, with runs of white space made single spaces. */
export function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'gov-pdf-'));
  try {
    const file = join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
