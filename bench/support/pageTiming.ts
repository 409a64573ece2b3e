// Timing in a page, from an action to what it shows.
import type { Page } from '@playwright/test';

/**
 * Runs `act` in the page and resolves with the ms until `selector` is in the DOM. Written as page
 * source, since tsx would add helpers to a function passed to evaluate that the page lacks.
 */
export function timeUntil(page: Page, selector: string, act: string): Promise<number> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const t0 = performance.now();
    let observer;
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error('timed out waiting for ' + ${JSON.stringify(selector)})); }, 30000);
    const check = () => {
      if (!document.querySelector(${JSON.stringify(selector)})) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve(performance.now() - t0);
    };
    observer = new MutationObserver(check);
    observer.observe(document.body, { subtree: true, childList: true, attributes: true });
    ${act};
    check();
  })`);
}
