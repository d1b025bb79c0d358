'use strict';
// Waiting in the e2e tests for something a running n8n does on its own schedule (a poll, an execution).

/**
 * Resolves once `condition()` holds, checking every 250 ms; throws naming `what` after `timeoutMs`.
 * @param {() => boolean} condition
 * @param {number} timeoutMs
 * @param {string} what
 */
async function until(condition, timeoutMs, what) {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

module.exports = { until };
