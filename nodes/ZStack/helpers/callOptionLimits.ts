/**
 * Defaults and bounds of the node's call options, written once: the descriptions show them, the readers
 * enforce them. Times are in seconds, as the options are.
 */
export const CALL_OPTION_LIMITS = {
	// 64 at once keeps a batch as quick as n8n's HTTP Request node, which sends every item at once; past it
	// n8n's own work per item, not the waiting, sets the pace. Lower it to spare a busy management node.
	concurrency: { default: 64, min: 1, max: 64 },
	jobTimeout: { default: 600, min: 0, max: 7 * 24 * 3600 },
	// Below 10 ms polling turns into a busy loop against ZStack.
	pollInterval: { default: 1, min: 0.01, max: 3600 },
	// A day is far beyond any single reply; n8n's timers overflow past 24.8 days.
	requestTimeout: { default: 60, min: 0.1, max: 24 * 3600 },
	// Under the MCP TypeScript SDK's default request timeout (60 s), so the client gets the job UUID, not a timeout.
	toolTimeout: { default: 45, min: 1, max: 24 * 3600 },
} as const;

export type TimeOption = 'jobTimeout' | 'pollInterval' | 'requestTimeout' | 'toolTimeout';
