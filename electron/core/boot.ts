// Starts the core the same way for Electron and for the headless host.
import type { SecretStore } from './cluster/secretStore.js';
import { QuorumService } from './service.js';

export interface Core {
  service: QuorumService;
  stop(): Promise<void>;
}

export interface BootOptions {
  secrets?: SecretStore;
  bundledEtcd?: string[];
  env?: NodeJS.ProcessEnv;
}

export async function bootCore(dataDir: string, options: BootOptions = {}): Promise<Core> {
  const service = new QuorumService({ dataDir, ...options });
  await service.start();
  return { service, stop: () => service.stop() };
}
