import { Browser, BrowserContext, Locator, Page, chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS script shared with npm test
const chromiumScript = require('../../scripts/ensure-chromium') as { ensureChromium: () => string };

export const SCREENSHOTS = join(__dirname, '../../apps/web/screenshots');

/** Debian's Chromium, headless, with nothing reaching out to the network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumScript.ensureChromium(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

export { eventually } from '../support/eventually';

export const PHONE = { width: 390, height: 844 };
/** The narrowest phone the screens are held to: nothing may scroll sideways at this width. */
export const NARROW = { width: 360, height: 780 };
export const DESKTOP = { width: 1280, height: 900 };
/** The two sizes every screen is checked and photographed at, with the name its screenshots carry. */
export const VIEWPORTS = [
  [DESKTOP, 'desktop'],
  [PHONE, 'phone'],
] as const;

export async function newPage(
  browser: Browser,
  baseURL: string,
  lang: 'kk' | 'ru' | 'en',
  viewport = DESKTOP,
  /** The reader's clock, when a test depends on it (Karaganda is Asia/Almaty, UTC+5). */
  timezoneId?: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const locale = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' }[lang];
  const context = await browser.newContext({ baseURL, locale, viewport, timezoneId });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    // A CSP violation or an uncaught error is a defect of the page, not noise.
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) problems.push(message.text());
  });
  (page as Page & { problems: string[] }).problems = problems;
  return { context, page };
}

/** Console errors and uncaught exceptions the page had (CSP violations show up here). */
export const problemsOf = (page: Page) => (page as Page & { problems?: string[] }).problems ?? [];

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** axe-core over the page as it stands; evaluated through the DevTools protocol, so the CSP does not block it. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Clicks a download button and answers the file the browser saved: its suggested name and bytes. */
export async function download(page: Page, button: Locator): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

/** A headline figure's value by its label, matched whole (a rate's note may name another figure). */
export function figure(scope: Page | Locator, label: string): Locator {
  const page = 'goto' in scope ? scope : scope.page();
  return scope.locator('.figure', { has: page.getByText(label, { exact: true }) }).locator('.figure-value');
}

/**
 * What a finger presses on a phone and is under 44 px tall: buttons, fields, a folded section's
 * summary, a radio choice's label, a file link, a link alone on its line or as a figure; described by tag, text and height.
 */
export function smallTapTargets(page: Page): Promise<string[]> {
  return page.evaluate(`(() => [...document.querySelectorAll(
      'main button, main select, main input:not([type=checkbox]):not([type=radio]):not([type=file]):not([type=hidden]),' +
      ' main summary, main label:has(> input[type=radio]), main .downloads a, main a.more, main .figure-value a'
    )]
    .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height < 43.5; })
    .map((e) => e.tagName.toLowerCase() + ' "' + (e.textContent || '').trim().slice(0, 30) + '" ' + Math.round(e.getBoundingClientRect().height) + 'px'))()`);
}

/** How far the page scrolls sideways (0 when it fits), with the first elements that stick out (a table scrolls in its own frame). */
export function sidewaysOverflow(page: Page): Promise<{ by: number; culprits: string[] }> {
  return page.evaluate(`(() => {
    const width = document.documentElement.clientWidth;
    const culprits = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 0.5 && !e.closest('.table-wrap'))
      .slice(0, 5)
      .map((e) => e.tagName.toLowerCase() + '.' + [...e.classList].join('.') + ' → ' + Math.round(e.getBoundingClientRect().right) + 'px');
    return { by: document.documentElement.scrollWidth - width, culprits };
  })()`);
}

/**
 * Table cells whose content cannot all be seen where they stand: wider than the cell, or past the
 * edge of the window or of the frame that scrolls them (a figure cut to "1" of "100 %").
 */
export function clippedCells(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const width = document.documentElement.clientWidth;
    const frame = (e) => {
      for (let p = e.parentElement; p; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') return p.getBoundingClientRect();
      return null;
    };
    return [...document.querySelectorAll('td, th')]
      .filter((cell) => cell.getClientRects().length > 0)
      .filter((cell) => {
        const r = cell.getBoundingClientRect();
        const f = frame(cell);
        const left = Math.max(0, f ? f.left : 0);
        const right = Math.min(width, f ? f.right : width);
        return cell.scrollWidth > cell.clientWidth + 1 || r.right > right + 0.5 || r.left < left - 0.5;
      })
      .slice(0, 8)
      .map((cell) => cell.tagName.toLowerCase() + ' «' + cell.textContent.trim().slice(0, 40) + '» ' + Math.round(cell.scrollWidth) + '/' + cell.clientWidth + 'px, right ' + Math.round(cell.getBoundingClientRect().right));
  })()`);
}
