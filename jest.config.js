/**
 * One jest run for the whole monorepo. Tests import workspace packages by name and are
 * pointed at their TypeScript sources, so a test never depends on a stale build.
 * Tiers by file name: *.unit.spec.ts, *.int.spec.ts (real components), *.e2e.spec.ts; a *.solo.<tier>.spec.ts
 * suite measures durations and runs alone after the rest (infra/scripts/test.sh sets FERRY_SOLO_SUITES).
 */
const SOLO = '\\.solo\\.[a-z0-9]+\\.spec\\.ts$';
const solo = process.env.FERRY_SOLO_SUITES; // 'skip', 'only', or unset: every suite
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/services', '<rootDir>/load-tests'],
  testMatch: solo === 'only' ? ['**/*.solo.*.spec.ts'] : ['**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', ...(solo === 'skip' ? [SOLO] : [])],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: {
    // The generated contracts have no src/: point at the generated module itself.
    '^@ferry/proto$': '<rootDir>/packages/proto/generated/ferry.js',
    '^@ferry/([a-z0-9-]+)$': '<rootDir>/packages/$1/src/index.ts',
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
