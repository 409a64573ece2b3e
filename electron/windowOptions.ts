// The BrowserWindow's security settings, in one place so a test can check them. They are written
// out inside `new BrowserWindow({...})` itself, where electronegativity (`npm run check:electron`)
// reads them; Electron's class comes in as a parameter, so this module never loads Electron and the
// test passes a stand-in that only records the options.
import type { BrowserWindowConstructorOptions } from 'electron';

type WindowClass<W> = new (options: BrowserWindowConstructorOptions) => W;

/** Where the window was when the app last closed. */
export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

export function createSecureWindow<W>(BrowserWindow: WindowClass<W>, preloadPath: string, bounds?: WindowBounds): W {
  return new BrowserWindow({
    x: bounds?.x,
    y: bounds?.y,
    width: bounds?.width ?? 1100,
    height: bounds?.height ?? 720,
    minWidth: 640,
    minHeight: 420,
    title: 'Quorum',
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
      // A middle-click would otherwise open a link as a new window (denied anyway in main.ts).
      disableBlinkFeatures: 'Auxclick',
    },
  });
}

/** The options createSecureWindow gives Electron, without making a window. */
export function secureWindowOptions(preloadPath: string, bounds?: WindowBounds): BrowserWindowConstructorOptions {
  class Recorder {
    constructor(readonly options: BrowserWindowConstructorOptions) {}
  }
  return createSecureWindow(Recorder, preloadPath, bounds).options;
}
