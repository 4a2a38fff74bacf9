import { existsSync } from 'node:fs';

/** Where a system Chromium usually lives; `CHROME_PATH` wins over all of them. */
const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
];

/**
 * Finds the Chromium binary the e2e tests drive. etcdscope never downloads a browser: it uses
 * the system one (Debian: `apt-get install -y chromium`) or the one named by `CHROME_PATH`.
 */
export function findChromium(): string {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROME_PATH is set to ${fromEnv}, but no browser is there.`);
  }
  const found = CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  throw new Error(
    'No Chromium found for the e2e tests. Install it (Debian: `apt-get install -y chromium`) ' +
      'or set CHROME_PATH to a Chromium/Chrome binary. Looked in: ' + CANDIDATES.join(', '),
  );
}
