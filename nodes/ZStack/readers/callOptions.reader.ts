import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CALL_OPTION_LIMITS, type TimeOption } from '../helpers/callOptionLimits';
import { RUNNING_TIMEOUT } from '../helpers/instanceGroupStatus';
import type { CallOptions } from '../transport/client';

const OPTION_LABELS: Record<TimeOption, string> = {
	jobTimeout: 'Job Timeout',
	pollInterval: 'Poll Interval',
	requestTimeout: 'Request Timeout',
	toolTimeout: 'Tool Timeout',
};

type Limits = { default: number; min: number; max: number };

function secondsWithin(ctx: IExecuteFunctions, options: IDataObject, name: string, label: string, limits: Limits, itemIndex: number): number {
	const value = options[name] ?? limits.default;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < limits.min || value > limits.max) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex}: option ${label} must be a number of seconds from ${limits.min} to ${limits.max}, not ${JSON.stringify(value)}`,
			{ itemIndex },
		);
	}
	return value;
}

function secondsOption(ctx: IExecuteFunctions, options: IDataObject, name: TimeOption, itemIndex: number): number {
	return secondsWithin(ctx, options, name, OPTION_LABELS[name], CALL_OPTION_LIMITS[name], itemIndex);
}

export function readCallOptions(ctx: IExecuteFunctions, itemIndex: number): CallOptions {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		waitForCompletion: options.waitForCompletion !== false,
		jobTimeoutMs: secondsOption(ctx, options, 'jobTimeout', itemIndex) * 1000,
		pollIntervalMs: secondsOption(ctx, options, 'pollInterval', itemIndex) * 1000,
		requestTimeoutMs: secondsOption(ctx, options, 'requestTimeout', itemIndex) * 1000,
	};
}

/** How long a tool call waits for a job before it answers with the job's UUID (tool mode only). */
export function readToolTimeoutMs(ctx: IExecuteFunctions, itemIndex: number): number {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return secondsOption(ctx, options, 'toolTimeout', itemIndex) * 1000;
}

/** Items sent at once: one setting for the whole run, so an expression is evaluated for the first item only. */
export function readConcurrency(ctx: IExecuteFunctions): number {
	const { concurrency } = CALL_OPTION_LIMITS;
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const value = Number(options.concurrency ?? concurrency.default);
	if (!Number.isFinite(value)) return concurrency.default;
	return Math.min(concurrency.max, Math.max(concurrency.min, Math.floor(value)));
}

/** Deploy's wait for its instance group: whether to wait, and for how long at most. */
export function readRunningWait(ctx: IExecuteFunctions, itemIndex: number): { waitUntilRunning: boolean; runningTimeoutMs: number } {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		waitUntilRunning: options.waitUntilRunning !== false,
		runningTimeoutMs: secondsWithin(ctx, options, 'runningTimeout', 'Running Timeout', RUNNING_TIMEOUT, itemIndex) * 1000,
	};
}
