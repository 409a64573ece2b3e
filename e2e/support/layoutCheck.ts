// What "the layout holds" means, measured from bounding boxes in the page: no control sits
// outside the window or outside a box that clips it sideways, and no two controls a user can
// reach overlap. A control covered by an overlay (the members panel over the composer) is not
// reachable there and is left out of the overlap check.
import { expect, type Page } from '@playwright/test';

export async function expectLayoutHolds(page: Page): Promise<void> {
  const problems = await page.evaluate(() => {
    const found: string[] = [];
    const name = (el: Element) => `${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`;
    const controls = [...document.querySelectorAll('button, input, textarea, select, a[href], summary')].filter((el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden' && !el.closest('[inert], .visually-hidden');
    });
    const reachable: { el: Element; box: DOMRect }[] = [];
    for (const el of controls) {
      const box = el.getBoundingClientRect();
      if (box.left < -1 || box.right > innerWidth + 1) found.push(`${name(el)} is outside the window sideways`);
      // Sideways, every box that clips it must hold it; up and down, a scroller may hide it.
      let verticalScroller = false;
      for (let up = el.parentElement; up; up = up.parentElement) {
        const style = getComputedStyle(up);
        if (style.overflowY !== 'visible') verticalScroller = true;
        if (style.overflowX === 'visible') continue;
        const clip = up.getBoundingClientRect();
        if (box.left < clip.left - 1 || box.right > clip.right + 1) found.push(`${name(el)} is cut off sideways by its container`);
      }
      if (!verticalScroller && (box.top < -1 || box.bottom > innerHeight + 1)) found.push(`${name(el)} is outside the window`);
      const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
      const hit = document.elementFromPoint(x, y);
      if (hit && (hit === el || el.contains(hit) || hit.contains(el))) reachable.push({ el, box });
    }
    for (const [i, a] of reachable.entries()) {
      for (const b of reachable.slice(i + 1)) {
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const w = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
        const h = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
        if (w > 1 && h > 1) found.push(`${name(a.el)} overlaps ${name(b.el)}`);
      }
    }
    return [...new Set(found)];
  });
  expect(problems).toEqual([]);
}
