import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// The boundaries that matter are held here, not by comments: who may touch Electron's IPC, what the
// core may import, and what a React component may call.
const electronOnlyIn = (allowed, where) => ({
  name: 'electron',
  importNames: allowed,
  message: `only ${where} uses ${allowed.join(' and ')}: everything else goes through the contract`,
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.scratch/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // One job per file: past 300 lines, a file is doing two.
      'max-lines': ['warn', { max: 300, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // IPC is registered in one file and exposed in one file; nothing else in the Electron layer reaches for it.
    files: ['electron/*.ts'],
    ignores: ['electron/ipc.ts', 'electron/preload.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronOnlyIn(['ipcMain'], 'electron/ipc.ts'), electronOnlyIn(['ipcRenderer', 'contextBridge'], 'electron/preload.ts')] },
      ],
    },
  },
  {
    files: ['electron/ipc.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnlyIn(['ipcRenderer', 'contextBridge'], 'electron/preload.ts')] }] },
  },
  {
    files: ['electron/preload.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnlyIn(['ipcMain'], 'electron/ipc.ts')] }] },
  },
  {
    // The core runs in plain Node: it must never reach for Electron.
    files: ['electron/core/**', 'electron/host/**', 'electron/node/**', 'shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'core code runs without Electron' }], patterns: [{ group: ['electron/*'], message: 'core code runs without Electron' }] },
      ],
    },
  },
  {
    // The renderer reaches main only through api.ts: no Node, no Electron, no core.
    files: ['renderer/**'],
    ...reactHooks.configs.flat.recommended,
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      'no-restricted-imports': [
        'error',
        { paths: ['electron'], patterns: [{ group: ['node:*', '**/electron/**'], message: 'the renderer has no Node and no core' }] },
      ],
    },
  },
  {
    // Components render and call store actions; only the store's slices talk to the main process.
    files: ['renderer/features/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron'],
          patterns: [
            { group: ['node:*', '**/electron/**'], message: 'the renderer has no Node and no core' },
            { group: ['**/api', '**/api.ts'], message: 'components call store actions; only store slices call api' },
          ],
        },
      ],
    },
  },
);
