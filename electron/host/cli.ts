// `npm run web`: the whole app in a browser, for people who cannot install the desktop app.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { EventPayload } from '../../shared/contract.js';
import { bootCore } from '../core/boot.js';
import { startHost } from './server.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: process.env.QUORUM_DATA_DIR ?? join(homedir(), '.quorum') },
    port: { type: 'string', default: process.env.QUORUM_PORT ?? '0' },
    host: { type: 'string', default: '127.0.0.1' },
  },
});

const core = await bootCore(resolve(values['data-dir'])).catch((err: unknown) => {
  console.error(`Quorum cannot start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
const host = await startHost({
  service: core.service,
  staticDir: resolve(import.meta.dirname, '../../dist/renderer'),
  host: values.host,
  port: Number(values.port),
});
core.service.subscribe((event, payload) => {
  if (event !== 'cluster') return;
  const setup = payload as EventPayload<'cluster'>;
  if (setup.status === 'ready') console.log(`Connected to ${setup.endpoints.length} etcd endpoint(s): ${setup.endpoints.join(', ')}`);
  if (setup.status === 'failed') console.log(`Could not reach the cluster: ${setup.error}`);
});
console.log(`Open ${host.url}`);
// Machine-readable line for test harnesses.
console.log(`QUORUM_HOST_URL=${host.url}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await host.close();
  await core.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
