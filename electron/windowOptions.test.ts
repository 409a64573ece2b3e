import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import { secureWindowOptions } from './windowOptions';
import { readFileSync } from 'node:fs';

describe('the desktop window', () => {
  it('isolates the renderer from Node and Electron', () => {
    const prefs = secureWindowOptions('/app/preload.cjs').webPreferences!;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    });
  });

  it('opens where it was last closed, or at a default size', () => {
    expect(secureWindowOptions('/p')).toMatchObject({ width: 1100, height: 720, x: undefined });
    expect(secureWindowOptions('/p', { x: 40, y: 50, width: 900, height: 600 })).toMatchObject({ x: 40, y: 50, width: 900, height: 600 });
  });

  it('runs under a strict Content-Security-Policy', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    const html = readFileSync('renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBeDefined();
    expect(meta).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(meta).toContain("script-src 'self'");
  });
});
