import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';
import { jsonParse, NodeOperationError } from 'n8n-workflow';

import { callOptionsCollection } from '../../descriptions/callOptions.description';
import { hasLoneSurrogate, toApiPath } from '../../helpers/apiPath';
import { jsonShapeMessage } from '../../helpers/jsonShape';
import { readCallOptions } from '../../readers/callOptions.reader';
import type { ZStackOperation } from '../operation';

const METHODS: IHttpRequestMethods[] = ['GET', 'POST', 'PUT', 'DELETE'];

/** Methods whose parameters ZStack reads from the body; GET and DELETE take them from the query string (RestServer.java ~912). */
const METHODS_WITH_BODY = ['POST', 'PUT'];

function fail(ctx: IExecuteFunctions, itemIndex: number, message: string, description?: string): never {
	throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${message}`, { description, itemIndex });
}

function readMethod(ctx: IExecuteFunctions, itemIndex: number): IHttpRequestMethods {
	const method = ctx.getNodeParameter('method', itemIndex, 'GET') as unknown;
	if (typeof method !== 'string' || !METHODS.includes(method.toUpperCase() as IHttpRequestMethods)) {
		fail(ctx, itemIndex, `Method ${JSON.stringify(method)} is not one of ${METHODS.join(', ')}`);
	}
	return method.toUpperCase() as IHttpRequestMethods;
}

function readPath(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = ctx.getNodeParameter('path', itemIndex, '') as unknown;
	const checked = toApiPath(value);
	if ('problem' in checked) {
		const shown = typeof value === 'string' ? JSON.stringify(value.length > 120 ? `${value.slice(0, 120)}…` : value) : typeof value;
		fail(ctx, itemIndex, `Path ${shown} ${checked.problem}`, 'Path is relative to /zstack/v1, e.g. /vm-instances or /vm-instances/<uuid>/actions.');
	}
	return checked.path;
}

/** Names n8n's HTTP request helper leaves out of the query string: refused, rather than silently not sent. */
const UNSENDABLE_QUERY_NAMES = ['__proto__', 'constructor', 'prototype'];

/** The Query Parameters as a query-string object: a name given several times becomes a list, sent repeated. */
function readQuery(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const collection = ctx.getNodeParameter('queryParameters', itemIndex, {}) as { parameters?: IDataObject[] };
	const grouped = new Map<string, string[]>();
	for (const [index, { name, value }] of (collection.parameters ?? []).entries()) {
		const key = typeof name === 'string' ? name.trim() : '';
		if (key === '') fail(ctx, itemIndex, `Query Parameters: parameter ${index + 1} has no name`);
		const shownKey = JSON.stringify(key.length > 60 ? `${key.slice(0, 60)}…` : key);
		if (UNSENDABLE_QUERY_NAMES.includes(key)) {
			fail(ctx, itemIndex, `Query Parameters: a parameter named ${shownKey} cannot be sent`, `n8n's HTTP client leaves the names ${UNSENDABLE_QUERY_NAMES.join(', ')} out of a URL; no ZStack API takes them.`);
		}
		if (value !== undefined && value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
			fail(ctx, itemIndex, `Query Parameters: the value of ${shownKey} must be text or a number`);
		}
		if (hasLoneSurrogate(key) || hasLoneSurrogate(String(value ?? ''))) {
			fail(ctx, itemIndex, `Query Parameters: parameter ${index + 1} has a lone surrogate (half of a character, e.g. from cut text): it is not text a URL can carry`);
		}
		grouped.set(key, [...(grouped.get(key) ?? []), String(value ?? '')]);
	}
	return Object.fromEntries([...grouped].map(([key, values]) => [key, values.length === 1 ? values[0] : values]));
}

const BODY_EXAMPLE = 'ZStack takes e.g. {"params": {"name": "x"}, "systemTags": []}.';

/** The Body as the JSON object to send as it is: the API's fields under `params`, tags beside it. */
function readBody(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	let body: unknown;
	try {
		// n8n parses a JSON parameter's text itself, and throws when it is not JSON.
		body = ctx.getNodeParameter('body', itemIndex, '{}');
		if (typeof body === 'string') body = body.trim() === '' ? {} : jsonParse(body);
	} catch (error) {
		// n8n copies an expression's result: an object that refers to itself, or nests past the stack, overflows it.
		if (error instanceof RangeError) fail(ctx, itemIndex, `Body refers to itself or nests too deeply: it is not a JSON object`, BODY_EXAMPLE);
		fail(ctx, itemIndex, `Body is not valid JSON: ${(error as Error).message}`);
	}
	if (body === null || typeof body !== 'object' || Array.isArray(body)) {
		fail(ctx, itemIndex, 'Body must be a JSON object', BODY_EXAMPLE);
	}
	const problem = jsonShapeMessage(body);
	if (problem !== undefined) fail(ctx, itemIndex, `Body ${problem}`, BODY_EXAMPLE);
	return body as IDataObject;
}

/** Any ZStack API: the call is signed and its job followed as for the typed operations. */
export const call: ZStackOperation = {
	option: {
		name: 'Call',
		description:
			'Call any ZStack REST API by method and path (relative to /zstack/v1) and output its JSON reply; asynchronous APIs are followed to their result',
		action: 'Call a ZStack API',
	},
	properties: [
		{
			displayName: 'Method',
			name: 'method',
			type: 'options',
			options: METHODS.map((method) => ({ name: method, value: method })),
			default: 'GET',
			description: 'The HTTP method of the API: GET for queries, POST to create, PUT for actions and updates, DELETE to delete',
		},
		{
			displayName: 'Path',
			name: 'path',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. /vm-instances or /vm-instances/<uuid>/actions',
			description:
				"The API's path relative to /zstack/v1, with the UUIDs filled in. Query parameters go in Query Parameters, not in the path.",
		},
		{
			displayName: 'Query Parameters',
			name: 'queryParameters',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Query Parameter',
			default: {},
			description: 'Sent in the URL. A name may repeat, e.g. several q conditions of a query (q = state=Running).',
			options: [
				{
					displayName: 'Parameter',
					name: 'parameters',
					values: [
						{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'e.g. q' },
						{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: 'e.g. state=Running' },
					],
				},
			],
		},
		{
			displayName: 'Body',
			name: 'body',
			type: 'json',
			default: '{}',
			displayOptions: { show: { method: METHODS_WITH_BODY } },
			description:
				'The JSON object sent as it is: the API\'s fields under "params", tags at the top level, e.g. {"stopVmInstance": {"type": "grace"}} or {"params": {"name": "x"}, "systemTags": []}',
		},
		callOptionsCollection,
	],

	async execute(itemIndex, client) {
		const method = readMethod(this, itemIndex);
		const path = readPath(this, itemIndex);
		const qs = readQuery(this, itemIndex);
		// GET and DELETE carry no body: ZStack reads their parameters from the query string only.
		const body = METHODS_WITH_BODY.includes(method) ? readBody(this, itemIndex) : undefined;
		const options = readCallOptions(this, itemIndex);
		const outcome = await client.call(itemIndex, { method, path, qs, body }, options);
		if (!outcome.finished) return { jobUuid: outcome.jobUuid, location: outcome.location };
		return outcome.reply;
	},
};
