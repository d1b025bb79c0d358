import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { mapInOrder } from '../helpers/concurrency';
import { readConcurrency } from '../readers/callOptions.reader';
import { ReadAhead } from '../readers/readAhead.reader';
import { readingConstantsOnce } from '../readers/readOnce.reader';
import { ZStackClient } from '../transport/client';
import type { ZStackOperation } from './operation';
import { resources } from './resources';
import { runsAsTool, ToolCall, toolError } from './toolCall';

/** The JSON of a Continue-On-Fail error item: the message, plus ZStack's error object when it sent one. */
function errorJson(error: Error): IDataObject {
	const json: IDataObject = { error: error.message };
	const zstackError = error instanceof NodeApiError ? error.errorResponse : undefined;
	if (zstackError && typeof zstackError.code === 'string' && 'description' in zstackError) {
		json.zstackError = zstackError as IDataObject;
	}
	return json;
}

/** n8n errors pass unchanged (they carry the HTTP context); anything else is wrapped for the item. */
function asNodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}

function operationOf(ctx: IExecuteFunctions): ZStackOperation {
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const operations: Record<string, ZStackOperation> | undefined = Object.hasOwn(resources, resource)
		? resources[resource as keyof typeof resources].operations
		: undefined;
	if (operations === undefined || !Object.hasOwn(operations, operation)) {
		throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return operations[operation];
}

/**
 * Runs the chosen operation for every input item, several at once, and returns exactly the
 * items each produced (one per input for single-object replies), in input order, paired.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = operationOf(this);
	if (items.length === 0) return [[]];

	// As a tool, the node answers a model: see ToolCall.
	const asTool = runsAsTool(this);
	const nodeClient = await ZStackClient.connect(this).catch((error: Error) => {
		throw asTool ? toolError(this.getNode(), error) : error;
	});
	const toolCall = asTool ? new ToolCall(this, nodeClient) : undefined;
	const client = toolCall?.client ?? nodeClient;
	const concurrency = readConcurrency(this);
	const readAhead = new ReadAhead(readingConstantsOnce(this), items.length, concurrency);
	const itemContext = readAhead.context;
	try {
		const results = await mapInOrder(items.length, concurrency, async (itemIndex) => {
			readAhead.started(itemIndex);
			try {
				const produced = await operation.execute.call(itemContext, itemIndex, client);
				const answered = toolCall ? toolCall.output(itemIndex, produced) : [produced].flat();
				return answered.map((json): INodeExecutionData => ({ json, pairedItem: { item: itemIndex } }));
			} catch (error) {
				const nodeError = asNodeError(this, error, itemIndex);
				const answer = toolCall?.answerInsteadOf(itemIndex, nodeError);
				if (answer) return [{ json: answer, pairedItem: { item: itemIndex } }];
				const failure = toolCall ? toolError(this.getNode(), nodeError, itemIndex) : nodeError;
				if (!this.continueOnFail()) throw failure;
				return [{ json: { ...errorJson(nodeError), error: failure.message }, pairedItem: { item: itemIndex } }];
			} finally {
				readAhead.ended(itemIndex);
			}
		});
		return [results.flat()];
	} finally {
		readAhead.stop();
	}
}
