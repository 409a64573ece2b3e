// e2e needs a real Chromium, a real etcd and the built renderer; without them it fails loudly.
import { accessSync, constants, existsSync } from 'node:fs';
import { findEtcdBinary, ETCD_MISSING } from '../../electron/node/etcdProcess';
import { CHROMIUM_PATH } from './chromium';

export default function globalSetup(): void {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
  } catch {
    throw new Error(`e2e tests need Chromium at ${CHROMIUM_PATH} (Debian: apt install chromium), or set QUORUM_CHROMIUM`);
  }
  if (!findEtcdBinary()) throw new Error(`e2e tests need a real etcd: ${ETCD_MISSING}`);
  if (!existsSync('dist/renderer/index.html')) throw new Error('build the renderer first: npm run build');
}
