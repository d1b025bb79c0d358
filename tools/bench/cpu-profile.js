// @ts-check
'use strict';

/**
 * Where a node's milliseconds go, from a V8 CPU profile of the `n8n execute` process that ran it: the samples
 * taken while the node ran (its startTime and executionTime in the run data, mapped to the profile's clock by the
 * probe's clock-<pid>.json), each put in the first category whose rule its call stack matches.
 */

const fs = require('node:fs');
const path = require('node:path');

/**
 * @typedef {{ functionName: string, url: string }} CallFrame
 * @typedef {{ id: number, callFrame: CallFrame, children?: number[] }} ProfileNode
 * @typedef {{ nodes: ProfileNode[], samples: number[], timeDeltas: number[], startTime: number }} CpuProfile
 * @typedef {{ epochMs: number, monotonicUs: number }} ClockMark
 * @typedef {{ name: string, matches: (stack: CallFrame[]) => boolean }} Category
 */

const ZSTACK_CODE = /n8n-nodes-zstack[\\/]dist[\\/]/;
const HTTP_REQUEST_NODE_CODE = /n8n-nodes-base[\\/]dist[\\/]nodes[\\/]HttpRequest[\\/]/;
const any = (/** @type {CallFrame[]} */ stack, /** @type {(frame: CallFrame) => boolean} */ test) => stack.some(test);
const named = (/** @type {RegExp} */ pattern) => (/** @type {CallFrame[]} */ stack) => any(stack, (frame) => pattern.test(frame.functionName));
const inFile = (/** @type {RegExp} */ pattern) => (/** @type {CallFrame[]} */ stack) => any(stack, (frame) => pattern.test(frame.url));
/** The innermost frame that is JavaScript with a file (not a builtin or native function). */
const ownerOf = (/** @type {CallFrame[]} */ stack) => stack.find((frame) => frame.url !== '' && !frame.url.startsWith('node:'));

/** First match wins; the stack is innermost frame first. @type {Category[]} */
const CATEGORIES = [
	{ name: 'idle (waiting for replies)', matches: (stack) => stack[0].functionName === '(idle)' },
	{ name: 'garbage collection', matches: (stack) => stack[0].functionName === '(garbage collector)' },
	{
		name: 'expression evaluation (parameters with ={{ }})',
		matches: (stack) =>
			inFile(/isolated-vm|expression-runtime|@n8n[\\/]tournament|[\\/]expression(-evaluator)?[^\\/]*\.js$|workflow-data-proxy/i)(stack) ||
			named(/^(resolveSimpleParameterValue|evaluateExpression|getParameterValue|resolveParameterValue)$/)(stack),
	},
	{
		name: 'credential: read, decrypt, authenticate (signing)',
		matches: (stack) =>
			named(/^(getCredentials|getDecrypted|decrypt|authenticate|preAuthentication|getCredentialsProperties|applyDefaultsAndOverwrites)$/)(stack) ||
			inFile(/credentials(-helper|\.service|-overwrites)?\.js$|[\\/]cipher[\\/]/i)(stack),
	},
	{ name: 'parameter reads (getNodeParameter, no expression)', matches: named(/^(getNodeParameter|_getNodeParameter)$/) },
	{
		name: 'HTTP request and reply (n8n helper, axios, sockets)',
		matches: (stack) =>
			inFile(/axios|follow-redirects|form-data|proxy-from-env|backend-network|request-helper|[\\/]http-request|node:(_http|http|https|net|tls|stream|internal[\\/](http|net|streams|stream_base))/)(stack) ||
			named(/^(httpRequestWithAuthentication|requestWithAuthentication|httpRequest|proxyRequestToAxios|invokeAxios|parseRequestObject)$/)(stack),
	},
	{ name: "the ZStack node's own code", matches: (stack) => ZSTACK_CODE.test(ownerOf(stack)?.url ?? '') },
	{ name: "the HTTP Request node's own code", matches: (stack) => HTTP_REQUEST_NODE_CODE.test(ownerOf(stack)?.url ?? '') },
	{ name: 'n8n engine, V8 and everything else', matches: () => true },
];

/**
 * The profiles in `dir` of the processes that ran the ZStack node, with their clock marks.
 * @param {string} dir
 * @returns {{ profile: CpuProfile, clock: ClockMark }[]}
 */
function readProfiles(dir) {
	return fs
		.readdirSync(dir)
		.filter((file) => file.endsWith('.cpuprofile'))
		.map((file) => {
			const pid = /\.(\d+)\.\d+\.\d+\.cpuprofile$/.exec(file)?.[1];
			const clockFile = path.join(dir, `clock-${pid}.json`);
			if (!fs.existsSync(clockFile)) return undefined;
			/** @type {CpuProfile} */
			const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
			if (!profile.nodes.some((node) => ZSTACK_CODE.test(node.callFrame.url))) return undefined;
			return { profile, clock: /** @type {ClockMark} */ (JSON.parse(fs.readFileSync(clockFile, 'utf8'))) };
		})
		.filter((entry) => entry !== undefined);
}

/**
 * Milliseconds per category of the samples between `fromMs` and `toMs` (epoch).
 * @param {CpuProfile} profile
 * @param {ClockMark} clock
 * @param {number} fromMs
 * @param {number} toMs
 * @returns {Map<string, number>}
 */
function breakdown(profile, clock, fromMs, toMs) {
	/** @type {Map<number, ProfileNode>} */
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	/** @type {Map<number, number>} */
	const parentOf = new Map();
	for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
	/** @type {Map<number, string>} */
	const categoryOf = new Map();
	const categorize = (/** @type {number} */ id) => {
		let category = categoryOf.get(id);
		if (category === undefined) {
			/** @type {CallFrame[]} */
			const stack = [];
			for (let at = /** @type {number | undefined} */ (id); at !== undefined; at = parentOf.get(at)) {
				stack.push(/** @type {ProfileNode} */ (byId.get(at)).callFrame);
			}
			category = /** @type {Category} */ (CATEGORIES.find((candidate) => candidate.matches(stack))).name;
			categoryOf.set(id, category);
		}
		return category;
	};
	const toEpochMs = (/** @type {number} */ us) => clock.epochMs + (us - clock.monotonicUs) / 1000;
	/** @type {Map<string, number>} */
	const totals = new Map(CATEGORIES.map((category) => [category.name, 0]));
	let at = profile.startTime;
	profile.samples.forEach((id, i) => {
		at += profile.timeDeltas[i];
		const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
		const when = toEpochMs(at);
		if (when < fromMs || when > toMs) return;
		const category = categorize(id);
		totals.set(category, /** @type {number} */ (totals.get(category)) + ms);
	});
	return totals;
}

module.exports = { readProfiles, breakdown, CATEGORIES };
