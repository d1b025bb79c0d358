import type { INodeProperties } from 'n8n-workflow';

import { CALL_OPTION_LIMITS } from '../helpers/callOptionLimits';
import { RUNNING_TIMEOUT } from '../helpers/instanceGroupStatus';

const { concurrency, jobTimeout, pollInterval, requestTimeout, toolTimeout } = CALL_OPTION_LIMITS;
// n8n's lint wants a parameter's default as a literal or a plain name.
const { default: defaultConcurrency } = concurrency;
const { default: defaultJobTimeout } = jobTimeout;
const { default: defaultPollInterval } = pollInterval;
const { default: defaultRequestTimeout } = requestTimeout;
const { default: defaultToolTimeout } = toolTimeout;
const { default: defaultRunningTimeout } = RUNNING_TIMEOUT;

const concurrencyOption: INodeProperties = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: concurrency.min, maxValue: concurrency.max },
	default: defaultConcurrency,
	description:
		'How many items are sent to ZStack at the same time, at most 64: as many as keep a large batch about as quick as n8n\'s HTTP Request node, which sends all items at once. Lower it to spare a busy management node; 1 sends items one after another. One setting for the whole run: an expression is evaluated once, for the first item. Output order always follows input order.',
};

const requestTimeoutOption: INodeProperties = {
	displayName: 'Request Timeout (Seconds)',
	name: 'requestTimeout',
	type: 'number',
	typeOptions: { minValue: requestTimeout.min, maxValue: requestTimeout.max },
	default: defaultRequestTimeout,
	description:
		'How long to wait for each single HTTP reply from ZStack. A call whose reply does not come in time is not failed at once: the node asks ZStack for the call\'s job (sending the call again under the same job UUID, which ZStack runs at most once for an asynchronous API) until the Job Timeout.',
};

/** The `options` collection of calls that may answer asynchronously (202 + job). */
export const callOptionsCollection: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		concurrencyOption,
		{
			displayName: 'Job Timeout (Seconds)',
			name: 'jobTimeout',
			type: 'number',
			typeOptions: { minValue: jobTimeout.min, maxValue: jobTimeout.max },
			default: defaultJobTimeout,
			description:
				'How long to wait for an asynchronous ZStack job before failing the item. A job ends with its result, with ZStack\'s error, when ZStack no longer knows it (404), or at this timeout; a poll that fails on the way (a reset, the Request Timeout, a proxy\'s 502/503) is asked again until then. Also how long a call whose reply was lost is looked for.',
		},
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollInterval',
			type: 'number',
			typeOptions: { minValue: pollInterval.min, maxValue: pollInterval.max, numberPrecision: 2 },
			default: defaultPollInterval,
			description:
				'The longest wait between two questions to ZStack whether an asynchronous job has finished. The first comes after 0.05 s, and each wait doubles up to this. A failed question does not end the job: only ZStack\'s answer or the Job Timeout does.',
		},
		requestTimeoutOption,
		{
			displayName: 'Tool Timeout (Seconds)',
			name: 'toolTimeout',
			type: 'number',
			// Shown only where the node runs as a tool (n8n's `@tool` display option).
			displayOptions: { show: { '@tool': [true] } },
			typeOptions: { minValue: toolTimeout.min, maxValue: toolTimeout.max },
			default: defaultToolTimeout,
			description:
				'How long a tool call waits for an asynchronous job. A job still running then is answered with its job UUID, to be followed with Job → Get; keep this under the client\'s own timeout (the MCP SDK gives up after 60 s).',
		},
		{
			displayName: 'Wait for Completion',
			name: 'waitForCompletion',
			type: 'boolean',
			default: true,
			description:
				'Whether to wait for an asynchronous job to finish and output its result. Otherwise the job UUID and location are output at once.',
		},
	],
};

/** Queries are never asynchronous, so only the options that matter to a GET are offered. */
export const queryOptions: INodeProperties[] = [concurrencyOption, requestTimeoutOption];

export const queryOptionsCollection: INodeProperties = { ...callOptionsCollection, options: queryOptions };

/** Deploy's options: those of every call, and the wait for the instance group to run. */
export const deployOptionsCollection: INodeProperties = {
	...callOptionsCollection,
	options: ([
		...(callOptionsCollection.options as INodeProperties[]),
		{
			displayName: 'Running Timeout (Seconds)',
			name: 'runningTimeout',
			type: 'number',
			typeOptions: { minValue: RUNNING_TIMEOUT.min, maxValue: RUNNING_TIMEOUT.max },
			default: defaultRunningTimeout,
			description:
				'How long to wait, after the deploy job, for the instance group to be Running before failing the item. The deployment itself goes on in ZStack.',
		},
		{
			displayName: 'Wait Until Running',
			name: 'waitUntilRunning',
			type: 'boolean',
			default: true,
			description:
				"Whether to follow the new instance group until its status is Running and output it then. The item fails when the group fails (the error names the group, its status and ZStack's reason) or the Running Timeout passes. Needs Wait for Completion.",
		},
	] satisfies INodeProperties[]).sort((a, b) => a.displayName.localeCompare(b.displayName)),
};
