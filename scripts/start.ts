// `npm start`: the desktop app where Electron is installed; otherwise, say how to use the web host.
import { execSync, spawn } from 'node:child_process';
import { electronBinary } from './electronBinary';

const electron = electronBinary();
if (!electron) {
  console.error(
    'The Electron binary is not installed (it was skipped at install time).\n' +
      'Fetch it with `npx install-electron` where downloads work, or run the same app in a browser:\n\n' +
      '  npm run web\n',
  );
  process.exit(1);
}
execSync('npm run build', { stdio: 'inherit' });
spawn(electron, ['dist/electron/main.cjs'], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0));
