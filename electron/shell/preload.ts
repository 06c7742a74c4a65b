/**
 * The preload (sandboxed, CommonJS when bundled): exposes only the typed API
 * bridge, never ipcRenderer itself.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { EcoBridge } from '../../shared/bridge';

// Channel names repeated here on purpose: a sandboxed preload cannot import the main process's modules at run time.
const bridge: EcoBridge = {
  call: (name, input) => ipcRenderer.invoke('eco:call', name, input),
  saveFile: (file) => ipcRenderer.invoke('eco:save-file', { fileName: file.fileName, dataBase64: file.dataBase64, ...(typeof file.prepared === 'string' ? { prepared: file.prepared } : {}) }),
  printForm: (req) => ipcRenderer.invoke('eco:print', { form: req.form, action: req.action }),
};

contextBridge.exposeInMainWorld('ecoApi', bridge);
