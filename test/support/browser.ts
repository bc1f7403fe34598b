/**
 * Headless Chromium from Debian, driven by playwright-core with `executablePath` (no browser
 * download): its headless shell (`apt-get install chromium-headless-shell`, the engine without the
 * desktop browser's window), else the browser itself (`chromium`). Every new browser context of
 * the desktop browser builds its window's address-bar popup, a page of its own costing about half a
 * second of CPU on this 2-core machine, beside the page under test; the shell has no window.
 * Suites that need Chromium use `describeInBrowser`: without it they are skipped with a message
 * saying how to get it.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { projectRoot } from './local-cloud';

const SHELL = '/usr/bin/chromium-headless-shell';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? (existsSync(SHELL) ? SHELL : '/usr/bin/chromium');
export const haveChromium = existsSync(CHROMIUM);
/** Screenshots and page dumps of the end-to-end tests (CI keeps the folder as artefacts). */
export const artifacts = join(projectRoot, 'test-artifacts');

let warned = false;
export function describeInBrowser(name: string, body: () => void): void {
  if (!haveChromium && !warned) {
    warned = true;
    console.warn(`end-to-end tests skipped: ${CHROMIUM} is absent (apt-get install -y chromium-headless-shell)`);
  }
  (haveChromium ? describe : describe.skip)(name, body);
}

/** `handleSIGTERM: false`: the caller closes the browser on SIGTERM itself (a second close would kill Chromium before it cleans up). */
export async function launchChromium(options: { handleSIGTERM?: boolean } = {}): Promise<Browser> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  mkdirSync(artifacts, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    ...options,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
