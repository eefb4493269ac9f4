import { chromium, type Browser } from 'playwright-core';

// Debian's Chromium: a test tool's own browser download cannot run on our machines.
const CHROMIUM = '/usr/bin/chromium';
// Flags that work here: no sandbox as root, no GPU, and no background traffic on a closed
// network (without them Chromium retries refused connections many at a time).
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** Launches Debian's headless Chromium with the flags that work on our machines. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
