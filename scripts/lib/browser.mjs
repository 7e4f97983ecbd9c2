// Launches Debian's Chromium through playwright-core with the flags that work on this machine (no network).
import { chromium as playwright } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from './tools.mjs';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launchBrowser() {
  const home = mkdtempSync(path.join(os.tmpdir(), 'langdock-chromium-'));
  return playwright.launch({
    executablePath: chromium,
    headless: true,
    args: chromiumArgs,
    env: { ...process.env, HOME: home },
  });
}
