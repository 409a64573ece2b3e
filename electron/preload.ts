// Exposes the contract as window.quorum, and nothing else: no ipcRenderer, no Node.
import { contextBridge, ipcRenderer } from 'electron';
import { ipcChannel, ipcEventChannel, isEventName, isMethodName } from '../shared/channels';
import type { QuorumTransport } from '../shared/contract';

const transport: QuorumTransport = {
  invoke: (method, args) => {
    if (!isMethodName(method)) return Promise.reject(new Error('unknown method'));
    return ipcRenderer.invoke(ipcChannel(method), args);
  },
  on: (event, listener) => {
    if (!isEventName(event)) throw new Error('unknown event');
    const handler = (_: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(ipcEventChannel(event), handler);
    return () => ipcRenderer.off(ipcEventChannel(event), handler);
  },
};

contextBridge.exposeInMainWorld('quorum', transport);
