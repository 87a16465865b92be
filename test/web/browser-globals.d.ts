// The few browser globals that code passed to page.evaluate / addInitScript uses (that code runs
// in Chromium, but is type-checked with the Node settings of the root tsconfig).
declare const sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
declare const document: object;
