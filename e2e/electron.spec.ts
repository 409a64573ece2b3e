// The desktop app itself, through Playwright's Electron driver. The Electron binary cannot be
// downloaded on our build machines (npm ci runs with ELECTRON_SKIP_BINARY_DOWNLOAD=1), so these
// tests skip there, saying why, and run wherever the binary is installed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron } from '@playwright/test';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import { electronBinary } from '../scripts/electronBinary';
import { expect, test } from './support/fixtures';

const binary = electronBinary();

test.describe('the Electron app', () => {
  test.skip(binary === null, 'the Electron binary is not installed here (npm ci ran with ELECTRON_SKIP_BINARY_DOWNLOAD=1)');

  test('opens a locked-down window over the same core', async ({ cluster }) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'quorum-electron-'));
    const app = await electron.launch({
      executablePath: binary!,
      args: ['dist/electron/main.cjs'],
      env: { ...process.env, QUORUM_ENDPOINTS: cluster.endpoints.join(','), QUORUM_DATA_DIR: dataDir },
    });
    try {
      const window = await app.firstWindow();
      await expect(window.getByRole('heading', { name: 'Welcome to Quorum' })).toBeVisible();
      // No Node in the page: contextIsolation, sandbox and no nodeIntegration, seen from inside.
      expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
      expect(await window.evaluate(() => typeof (window as unknown as { process?: unknown }).process)).toBe('undefined');
      expect(await window.evaluate(() => Object.keys((window as unknown as { quorum: object }).quorum).sort())).toEqual(['invoke', 'on']);
      const csp = await window.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'));
      expect(csp).toBeTruthy();
      expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");

      await window.getByLabel('Pick a user name').fill('desktop-user');
      await window.getByRole('button', { name: 'Create identity' }).click();
      await expect(window.getByRole('navigation', { name: 'Your rooms' })).toBeVisible();
    } finally {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
