// Registers one ipcMain handler per contract method, and forwards core events to the window.
// Every call must come from our own window's main frame, loaded from our own files.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { ipcChannel, ipcEventChannel, METHOD_NAMES } from '../shared/channels.js';
import { dispatch } from './core/dispatch.js';
import type { QuorumService } from './core/service.js';

export function registerIpc(service: QuorumService, window: BrowserWindow, rendererUrl: string): () => void {
  const trusted = (event: IpcMainInvokeEvent) =>
    event.sender === window.webContents && event.senderFrame?.url.startsWith(rendererUrl) === true && event.senderFrame === window.webContents.mainFrame;

  for (const method of METHOD_NAMES) {
    ipcMain.handle(ipcChannel(method), (event, args: unknown) =>
      trusted(event)
        ? dispatch(service, method, args)
        : { ok: false, error: { code: 'FORBIDDEN', message: 'this call did not come from Quorum’s own window' } },
    );
  }
  const unsubscribe = service.subscribe((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(ipcEventChannel(event), payload);
  });
  return () => {
    unsubscribe();
    for (const method of METHOD_NAMES) ipcMain.removeHandler(ipcChannel(method));
  };
}
