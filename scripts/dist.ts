// `npm run dist`: the desktop packages for this platform (AppImage + deb on Linux, dmg on macOS,
// NSIS installer on Windows) in dist/packages, with build/electron-builder.yml. Every package
// carries the Electron binary, so without it there is nothing to build: say so and stop.
// Extra arguments go to electron-builder: `npm run dist -- --dir` only lays out the unpacked app.
import { execSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, sep } from 'node:path';
import { electronBinary } from './electronBinary';

const electron = electronBinary();
if (!electron) {
  console.error(
    'Cannot package Quorum here: the Electron binary is not installed (npm installs the electron package ' +
      'without it), and every package is built around it. Where downloads work, fetch it with ' +
      '`npx install-electron`, then run `npm run dist` again; electron-builder also downloads its packaging ' +
      'tools (AppImage, fpm, NSIS) on first use.',
  );
  process.exit(1);
}

// The installed Electron, unpacked, is what goes into the package, so electron-builder downloads
// no second copy. It is the folder holding the binary, or on macOS the one holding Electron.app.
const app = electron.lastIndexOf(`${sep}Electron.app${sep}`);
const electronDist = app >= 0 ? electron.slice(0, app) : dirname(electron);

const root = join(import.meta.dirname, '..');
execSync('npm run build', { cwd: root, stdio: 'inherit' });
const cli = createRequire(import.meta.url).resolve('electron-builder/cli.js');
const args = ['--config', 'build/electron-builder.yml', `-c.electronDist=${electronDist}`, ...process.argv.slice(2)];
const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
