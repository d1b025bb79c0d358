'use strict';
/*
 * Ends `npm test` with what was skipped and why: jest's own summary only counts skipped tests. A suite that
 * skips itself says why in its describe title (e.g. the Python SDK check without Python 2.7 or zssdk.py, the
 * real-ZStack verification without ZSTACK_HOST …); that title is what this line repeats.
 */
class SkippedSummaryReporter {
	/** @param {unknown} _contexts @param {import('@jest/reporters').AggregatedResult} results */
	onRunComplete(_contexts, results) {
		/** @type {Map<string, number>} */
		const skipped = new Map();
		for (const file of results.testResults) {
			for (const test of file.testResults) {
				if (test.status !== 'pending' && test.status !== 'skipped') continue;
				const why = test.ancestorTitles[0] ?? test.title;
				skipped.set(why, (skipped.get(why) ?? 0) + 1);
			}
		}
		const lines = [...skipped].map(([why, count]) => `  ${count} ${count === 1 ? 'test' : 'tests'}: ${why}`);
		// Jest adds its summary reporter after every configured one: write once that has printed.
		setImmediate(() => process.stdout.write(lines.length ? `Skipped:\n${lines.join('\n')}\n` : 'Skipped: nothing.\n'));
	}
}

module.exports = SkippedSummaryReporter;
