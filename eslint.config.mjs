import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import globals from 'globals';
import tseslint from 'typescript-eslint';

import { buildScanConfig } from './tools/scan/n8n-scanner.mjs';

/** The published package: n8n's rules apply here only. */
const PACKAGE = ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'];

// The rules n8n's package scanner applies (its own config, imported), with this project's
// community-nodes plugin in place of the older one the scanner pins: same rules and more.
// Its file-less entries are scoped to the package, so that the tests and tools get their own rules.
const scanConfig = (await buildScanConfig()).map((config) => {
	const current = config.plugins?.['@n8n/community-nodes'] ? n8nCommunityNodesPlugin.configs.recommended : config;
	return current.files ? current : { ...current, files: PACKAGE };
});

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'examples/**'] },
	...scanConfig,
	{ files: PACKAGE, rules: { 'no-console': 'error' } },
	{
		// The scanner lints with inline config off, so an eslint-disable comment cannot pass lint either.
		files: PACKAGE,
		linterOptions: { noInlineConfig: true },
	},

	// The tests in TypeScript: typescript-eslint's recommended rules.
	...tseslint.configs.recommended.map((config) => ({ ...config, files: ['contract-tests/**/*.ts'] })),

	// The JavaScript (the simulator, provider verification, tools/): ESLint's recommended rules, Node globals.
	{ ...js.configs.recommended, files: ['**/*.js', '**/*.mjs'] },
	{ files: ['**/*.js'], languageOptions: { sourceType: 'commonjs', globals: globals.node } },
	{ files: ['**/*.mjs'], languageOptions: { sourceType: 'module', globals: globals.node } },
];
