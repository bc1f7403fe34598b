/** @type {import('jest').Config} */
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] };

module.exports = {
  // Two cores shared by four projects and local clouds, perhaps beside other work: a cold function
  // instance can take seconds. A long limit only delays a failure, never a pass.
  testTimeout: 60_000,
  // Two test files at a time: most of a test's time is spent waiting for the local cloud's function
  // instances, which run in processes of their own, so one worker left the second core idle.
  maxWorkers: 2,
  // Longest files first, on a clean clone too (jest's own order needs durations from its cache).
  testSequencer: '<rootDir>/test/support/sequencer.js',
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
    },
    {
      displayName: 'cloud',
      testEnvironment: 'node',
      transform,
      setupFiles: ['<rootDir>/test/support/sdk-env.ts'],
      testMatch: ['<rootDir>/test/cloud/**/*.test.ts'],
    },
    {
      displayName: 'pages',
      testEnvironment: '<rootDir>/test/support/page-environment.js',
      transform,
      // The built mini-program's npm packages (TDesign) are ES modules: transform them like our code.
      transformIgnorePatterns: ['/node_modules/'],
      // Mini-program scripts require npm packages as WeChat resolves them: from miniprogram_npm.
      moduleNameMapper: { '^@qiun/ucharts$': '<rootDir>/build/miniprogram/miniprogram_npm/@qiun/ucharts/index.js' },
      testMatch: ['<rootDir>/test/pages/**/*.test.ts'],
    },
    {
      // The real pages in Debian's Chromium (playwright-core), against a local cloud of their own.
      displayName: 'e2e',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
    },
  ],
};
