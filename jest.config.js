/** Two projects: fast pure unit tests, and integration tests that start real local components. */
const transform = {
  '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
};

// @middy/core ships ESM only; jest's CommonJS runtime needs it transformed like our own code.
const transformIgnorePatterns = ['/node_modules/(?!@middy/)'];
const setupFiles = ['<rootDir>/tests/setupEnv.ts'];
// Lambda bundles embed the config at build time (esbuild/plugins.js); tests read the same file.
const moduleNameMapper = { '^herald:config$': '<rootDir>/tests/support/bundledConfig.ts' };

module.exports = {
  projects: [
    { displayName: 'unit', testMatch: ['<rootDir>/tests/unit/**/*.test.ts'], transform, transformIgnorePatterns, setupFiles, moduleNameMapper, testEnvironment: 'node' },
    {
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      transform,
      transformIgnorePatterns,
      setupFiles,
      moduleNameMapper,
      testEnvironment: 'node',
      setupFilesAfterEnv: ['<rootDir>/tests/integration/setupTimeout.ts'],
      globalSetup: '<rootDir>/tests/integration/globalSetup.mjs',
      globalTeardown: '<rootDir>/tests/integration/globalTeardown.mjs',
    },
  ],
};
