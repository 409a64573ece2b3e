// The Electron app: one window over the same core the headless host runs. Thin on purpose.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, screen, session, shell } from 'electron';
import type { EventPayload } from '../shared/contract.js';
import { CONTENT_SECURITY_POLICY } from '../shared/csp.js';
import { applyRoomsChange } from '../shared/roomsChange.js';
import { totalUnread } from '../shared/unreadTotal.js';
import type { RoomSummary } from '../shared/types.js';
import { bootCore, type Core } from './core/boot.js';
import { registerIpc } from './ipc.js';
import { safeStorageSecrets } from './safeStorageSecrets.js';
import { loadWindowBounds, saveWindowBounds } from './windowState.js';
import { createSecureWindow } from './windowOptions.js';

const rendererDir = join(__dirname, '..', 'renderer');
const rendererUrl = pathToFileURL(join(rendererDir, 'index.html')).href;
let core: Core | null = null;

app.enableSandbox();

app.on('web-contents-created', (_, contents) => {
  // Nothing navigates away from our own files, and no page opens new windows.
  contents.on('will-navigate', (event, url) => {
    if (url !== rendererUrl) event.preventDefault();
  });
  // No page opens a window. A link from a message goes to the system browser, only a web
  // address, and only once the user said yes to its real host here (the renderer cannot skip it).
  contents.setWindowOpenHandler(({ url }) => {
    void openLinkAfterAsking(url);
    return { action: 'deny' };
  });
});

async function openLinkAfterAsking(url: string): Promise<void> {
  let host: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return;
    host = parsed.hostname;
  } catch {
    return;
  }
  const window = BrowserWindow.getFocusedWindow();
  const options = { type: 'question' as const, message: 'Open this link?', detail: `It goes to ${host}, in your browser.\n\n${url}`, buttons: ['Cancel', 'Open in browser'], defaultId: 0, cancelId: 0 };
  const { response } = window ? await dialog.showMessageBox(window, options) : await dialog.showMessageBox(options);
  if (response === 1) await shell.openExternal(url);
}

async function start(): Promise<void> {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) =>
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } }),
  );
  session.defaultSession.setPermissionRequestHandler((_, permission, callback) => callback(permission === 'notifications'));
  const dataDir = process.env.QUORUM_DATA_DIR ?? app.getPath('userData');
  try {
    core = await bootCore(dataDir, {
      secrets: safeStorageSecrets(),
      // An etcd binary packaged with the app, for the local node where none is installed.
      bundledEtcd: [join(process.resourcesPath, 'etcd', process.platform === 'win32' ? 'etcd.exe' : 'etcd')],
    });
  } catch (err) {
    dialog.showErrorBox('Quorum cannot start', err instanceof Error ? err.message : String(err));
    app.exit(1);
    return;
  }
  // The unread total on the dock or taskbar badge, where the platform has one (muted rooms aside).
  let rooms: RoomSummary[] = [];
  core.service.subscribe((event, payload) => {
    if (event !== 'rooms') return;
    rooms = applyRoomsChange(rooms, payload as EventPayload<'rooms'>);
    app.setBadgeCount(totalUnread(rooms));
  });
  const bounds = await loadWindowBounds(dataDir, screen.getAllDisplays().map((d) => d.workArea));
  const window = createSecureWindow(BrowserWindow, join(__dirname, 'preload.cjs'), bounds);
  window.on('close', () => void saveWindowBounds(dataDir, window.getNormalBounds()));
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
