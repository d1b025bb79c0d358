import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

import { buildScanConfig } from './tools/scan/n8n-scanner.mjs';

// The rules n8n's package scanner applies (its own config, imported), with this project's
// community-nodes plugin in place of the older one the scanner pins: same rules and more.
const scanConfig = (await buildScanConfig()).map((config) =>
	config.plugins?.['@n8n/community-nodes'] ? n8nCommunityNodesPlugin.configs.recommended : config,
);

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'contract-tests/**', 'examples/**', 'tools/**'] },
	...scanConfig,
	{
		// The scanner lints with inline config off, so an eslint-disable comment cannot pass lint either.
		linterOptions: { noInlineConfig: true },
	},
];
