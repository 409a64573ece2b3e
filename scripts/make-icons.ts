// Renders build/icon.svg to the PNGs electron-builder packs: build/icon.png (512px, for macOS and
// Windows) and build/icons/<size>x<size>.png (Linux). Run it after changing the SVG and commit
// the PNGs: `npx tsx scripts/make-icons.ts`. Uses the system Chromium, like the e2e tests.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { chromium } from '@playwright/test';

const buildDir = join(import.meta.dirname, '..', 'build');
const svg = readFileSync(join(buildDir, 'icon.svg'));
const src = `data:image/svg+xml;base64,${svg.toString('base64')}`;
const sizes = [16, 24, 32, 48, 64, 128, 256, 512];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  mkdirSync(join(buildDir, 'icons'), { recursive: true });
  for (const size of sizes) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<body style="margin:0"><img src="${src}" width="${size}" height="${size}" style="display:block"></body>`);
    await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
    const png = await page.locator('img').screenshot({ omitBackground: true });
    const paths = [join(buildDir, 'icons', `${size}x${size}.png`), ...(size === 512 ? [join(buildDir, 'icon.png')] : [])];
    for (const path of paths) {
      writeFileSync(path, png);
      console.log(`wrote ${relative(process.cwd(), path)}`);
    }
  }
} finally {
  await browser.close();
}
