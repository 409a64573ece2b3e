// Starts the core the same way for Electron and for the headless host.
import { startLocalNode, type LocalNode } from '../node/localNode.js';
import { configuredEndpoints } from './config.js';
import { QuorumService } from './service.js';
import { createEtcdClient } from './store/etcdClient.js';

export interface Core {
  service: QuorumService;
  endpoints: string[];
  stop(): Promise<void>;
}

export async function bootCore(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Core> {
  let localNode: LocalNode | null = null;
  let endpoints = await configuredEndpoints(dataDir, env);
  if (!endpoints) {
    localNode = await startLocalNode(dataDir);
    endpoints = [localNode.endpoint];
  }
  const client = createEtcdClient(endpoints);
  const service = new QuorumService({ dataDir, client, endpoints });
  await service.start();
  return {
    service,
    endpoints,
    async stop() {
      await service.stop();
      client.close();
      await localNode?.stop();
    },
  };
}
