// Kept out of package.json: n8n's package scanner lints the published package.json, and its
// "<rootDir>" placeholder and ts-jest transform map trip the scanner's rules there.
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/contract-tests'],
	testMatch: ['**/*.test.ts'],
	setupFiles: ['<rootDir>/contract-tests/harness/quiet-n8n-logger.ts'],
	testTimeout: 30000,
	reporters: ['default', '<rootDir>/tools/jest/skipped-summary-reporter.js'],
	// isolatedModules is set in tsconfig.json, where ts-jest reads it.
	transform: { '^.+\\.ts$': 'ts-jest' },
};
