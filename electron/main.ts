// The Electron app: one window over the same core the headless host runs. Thin on purpose.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, session, shell } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../shared/csp.js';
import { bootCore, type Core } from './core/boot.js';
import { registerIpc } from './ipc.js';
import { secureWindowOptions } from './windowOptions.js';

const rendererDir = join(__dirname, '..', 'renderer');
const rendererUrl = pathToFileURL(join(rendererDir, 'index.html')).href;
let core: Core | null = null;

app.enableSandbox();

app.on('web-contents-created', (_, contents) => {
  // Nothing navigates away from our own files, and no page opens new windows.
  contents.on('will-navigate', (event, url) => {
    if (url !== rendererUrl) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
});

async function start(): Promise<void> {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } }),
  );
  session.defaultSession.setPermissionRequestHandler((_, permission, callback) => callback(permission === 'notifications'));
  try {
    core = await bootCore(process.env.QUORUM_DATA_DIR ?? app.getPath('userData'));
  } catch (err) {
    dialog.showErrorBox('Quorum cannot start', err instanceof Error ? err.message : String(err));
    app.exit(1);
    return;
  }
  const window = new BrowserWindow(secureWindowOptions(join(__dirname, 'preload.cjs')));
  registerIpc(core.service, window, rendererUrl);
  window.once('ready-to-show', () => window.show());
  await window.loadURL(rendererUrl);
}

app.whenReady().then(start, (err: unknown) => console.error(err));
app.on('window-all-closed', () => app.quit());
app.on('will-quit', (event) => {
  if (!core) return;
  event.preventDefault();
  const stopping = core;
  core = null;
  void stopping.stop().finally(() => app.exit(0));
});
