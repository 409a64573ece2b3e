import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.scratch/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // The core runs in plain Node: it must never reach for Electron.
    files: ['electron/core/**', 'electron/host/**', 'electron/node/**', 'shared/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'core code runs without Electron' }] }] },
  },
  {
    // The renderer reaches main only through api.ts: no Node, no Electron, no core.
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['electron'], patterns: [{ group: ['node:*', '**/electron/**'], message: 'the renderer has no Node and no core' }] },
      ],
    },
  },
);
