// The browser tests drive Debian's Chromium (no browser download is possible here): find it, or
// install Debian's package when running as root, or say the one command that installs it.
const { execSync } = require('node:child_process');
const { existsSync } = require('node:fs');

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
const INSTALL = 'apt-get update && apt-get install -y chromium';

function findChromium() {
  return CANDIDATES.find((path) => existsSync(path));
}

function ensureChromium() {
  const found = findChromium();
  if (found) return found;
  if (process.getuid?.() === 0) {
    console.log(`Chromium is missing; installing Debian's package: ${INSTALL}`);
    execSync(INSTALL, { stdio: 'inherit', shell: '/bin/sh' });
    const installed = findChromium();
    if (installed) return installed;
  }
  console.error(`The browser tests need Chromium. Install it with:\n  sudo sh -c '${INSTALL}'`);
  process.exit(1);
}

module.exports = { ensureChromium, findChromium };
if (require.main === module) ensureChromium();
