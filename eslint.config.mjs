import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'build/**',
      '.data/**',
      'miniprogram/miniprogram_npm/**',
      'miniprogram/node_modules/**',
      'cloudfunctions/*/index.js',
      'cloudfunctions/*/lib/**',
      'cloudfunctions/*/node_modules/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', exports: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly', setTimeout: 'readonly', globalThis: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['scripts/**', 'bench/**', 'emulator/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // The cloud function's bundle imports shared/ too: it must not touch the mini-program's globals.
    files: ['miniprogram/shared/**'],
    rules: {
      'no-restricted-globals': ['error', ...['wx', 'getApp', 'getCurrentPages', 'App', 'Page', 'Component', 'Behavior'].map((name) => ({ name, message: 'miniprogram/shared/ runs in the cloud function too' }))],
    },
  },
);
