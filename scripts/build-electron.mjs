// Bundles the Electron main process and preload. The sandboxed preload must be one CommonJS
// file that requires nothing but 'electron'.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning' };

await build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs', external: ['electron', 'etcd3', 'ws', 'zod', 'cockatiel', '@signalapp/sqlcipher'] });
await build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs', external: ['electron'], minify: true });
console.log('built dist/electron/main.cjs and dist/electron/preload.cjs');
