import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** The published package: n8n's community-node rules apply here only. */
const PACKAGE = ['nodes/**/*.ts', 'credentials/**/*.ts'];

export default [
	// contract-tests/simulator is being rewritten on another branch; lint it once that is merged.
	{ ignores: ['dist/**', 'node_modules/**', 'examples/**', 'contract-tests/simulator/**'] },

	// The package, as n8n's package scanner lints it, and no console output.
	{ files: PACKAGE, languageOptions: { parser: tseslint.parser } },
	{ ...n8nCommunityNodesPlugin.configs.recommended, files: PACKAGE },
	{ files: PACKAGE, rules: { 'no-console': 'error' } },

	// The tests in TypeScript: typescript-eslint's recommended rules.
	...tseslint.configs.recommended.map((config) => ({ ...config, files: ['contract-tests/**/*.ts'] })),

	// The JavaScript (the simulator, provider verification, tools/): ESLint's recommended rules, Node globals.
	{ ...js.configs.recommended, files: ['**/*.js', '**/*.mjs'] },
	{ files: ['**/*.js'], languageOptions: { sourceType: 'commonjs', globals: globals.node } },
	{ files: ['**/*.mjs'], languageOptions: { sourceType: 'module', globals: globals.node } },
];
