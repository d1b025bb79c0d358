import fc from 'fast-check';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { useNockWithoutNetwork, watchUnmatched } from '../harness/contract';
import { SESSION } from '../harness/fixtures';
import { WorkflowHarness } from '../harness/workflow';

/**
 * Whatever a user or an upstream node puts into the node's inputs — UUID fields, tags, filter fields, values
 * and operators, sort, the credential's host, and whatever ZStack names as a job's location — every input
 * either fails the item with a clear error before any request, or produces exactly the intended, encoded
 * method, path, query and body; and nothing is ever sent to a host other than the configured one.
 * The expectations are computed here, independently of the node's code.
 */

useNockWithoutNetwork();

/** Hosts a user may type, with the base URL each means (scheme, host, port, proxy prefix), or none if unusable. */
const HOSTS: [string, string | undefined][] = [
	['http://zstack.test:8080', 'http://zstack.test:8080'],
	['zstack.test', 'http://zstack.test:8080'],
	['  zstack.test:9000/zstack/v1/ ', 'http://zstack.test:9000'],
	['https://proxy.test/cloud/', 'https://proxy.test/cloud'],
	['https://proxy.test/cloud/zstack', 'https://proxy.test/cloud'],
	['ftp://zstack.test', undefined],
	['http://admin:secret@zstack.test:8080', undefined],
	['zstack test', undefined],
	['http://zstack.test:8080/?x=1', undefined],
	['', undefined],
];

/** Text that tries to become something else in a URL, mixed with real UUIDs in their accepted forms. */
const hostileText = fc.oneof(
	fc.string(),
	fc.constantFrom('../x', 'a/b', '..', '%2e%2e', '?q=1', '#f', ' ', 'http://other.test/', '\\', '%00', '{uuid}'),
	fc.stringMatching(/^[0-9a-fA-F]{32}$/),
	fc.uuid(),
	fc.uuid().map((uuid) => ` ${uuid.toUpperCase()} `),
	fc.stringMatching(/^[0-9a-f]{31,33}$/),
);

/** ZStack's form of a UUID the node must accept, or undefined for anything it must refuse. */
function expectedUuid(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (/^[0-9a-f]{32}$/i.test(text)) return text.toLowerCase();
	if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) return text.replace(/-/g, '').toLowerCase();
	return undefined;
}

const tagEntry: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
	entry: fc.oneof(
		{ depthSize: 'small', withCrossShrink: true },
		fc.string(),
		fc.integer(),
		fc.boolean(),
		fc.constant(null),
		fc.constant({ not: 'a tag' }),
		fc.array(tie('entry'), { maxLength: 3 }),
	),
})).entry;

/** The tag list the node must send (undefined: leave the field out), or null when it must refuse the value. */
function expectedTags(value: unknown): string[] | undefined | null {
	if (value === undefined || value === null || value === '') return undefined;
	const tags: string[] = [];
	const walk = (entry: unknown, depth: number): boolean => {
		if (Array.isArray(entry)) return depth < 10 && entry.every((inner) => walk(inner, depth + 1));
		if (entry === null || entry === undefined) return true;
		if (!['string', 'number', 'boolean'].includes(typeof entry)) return false;
		const tag = String(entry).trim();
		if (tag !== '') tags.push(tag);
		return true;
	};
	if (!walk(value, 0)) return null;
	return tags.length > 0 ? tags : undefined;
}

/** A request as it left n8n, whatever host it went to. */
interface Sent {
	origin: string;
	method: string;
	path: string;
	query: URLSearchParams;
	body: unknown;
	jobUuid?: string;
}

/** Answers every request to `origin` with `reply`, and records every request to any host. */
function serveEverything(origin: string | undefined, reply: (sent: Sent) => [number, unknown]) {
	const sent: Sent[] = [];
	const unmatched = watchUnmatched();
	if (origin !== undefined) {
		for (const method of ['get', 'post', 'put', 'delete'] as const) {
			nock(new URL(origin).origin)
				[method](/.*/)
				.query(true)
				.times(Infinity)
				.reply(function (uri, body) {
					const url = new URL(uri, new URL(origin).origin);
					const request: Sent = {
						origin: url.origin,
						method: this.req.method,
						path: url.pathname,
						query: url.searchParams,
						body: body === '' ? undefined : body,
						jobUuid: this.req.headers['x-job-uuid'] as string | undefined,
					};
					sent.push(request);
					return reply(request);
				});
		}
	}
	return { sent, unmatched };
}

const fastJobs = { pollInterval: 0.01, jobTimeout: 5 };

describe('Bind Model To Service: UUIDs, tags, host and job location', () => {
	test('every input fails before any request, or sends exactly the intended request to the configured host only', async () => {
		const seen = { refused: 0, bound: 0, polled: 0, otherLocation: 0 };
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom(...HOSTS),
				hostileText,
				hostileText,
				fc.option(tagEntry, { nil: undefined }),
				fc.oneof(
					fc.constant({ kind: 'sync' as const }),
					fc.record({
						kind: fc.constant('job' as const),
						location: fc.oneof(
							fc.stringMatching(/^[0-9a-f]{32}$/).map((job) => `http://mn-internal.invalid:8080/zstack/v1/api-jobs/${job}`),
							fc.stringMatching(/^[0-9a-f]{32}$/).map((job) => `http://other.test/zstack/v1/api-jobs/${job}`),
							fc.string().map((job) => `http://mn-internal.invalid:8080/zstack/v1/api-jobs/${job}`),
							fc.string(),
						),
					}),
				),
				async ([host, base], model, service, tags, reply) => {
					nock.cleanAll();
					const harness = new WorkflowHarness();
					harness.saveCredential('zstack', { host, authType: 'session', sessionUuid: SESSION });
					const { sent, unmatched } = serveEverything(base, (request) =>
						request.method === 'GET'
							? [200, { inventory: { uuid: 'polled' } }]
							: reply.kind === 'sync'
								? [200, { inventory: { uuid: 'bound' } }]
								: [202, { location: reply.location }],
					);
					const parameters: INodeParameters = {
						resource: 'model',
						operation: 'bindToService',
						modelUuid: { __rl: true, mode: 'id', value: '={{ $json.model }}' },
						modelServiceUuid: { __rl: true, mode: 'id', value: '={{ $json.service }}' },
						additionalFields: tags === undefined ? {} : { userTags: '={{ $json.tags }}' },
						options: fastJobs,
					};

					const { output, error } = await harness.run({ parameters, items: [{ model, service, tags } as IDataObject] });
					unmatched.stop();

					// Nothing ever leaves for another host.
					expect(unmatched.requests).toEqual([]);
					expect(sent.every((request) => base !== undefined && request.origin === new URL(base).origin)).toBe(true);

					const [modelUuid, serviceUuid, tagList] = [expectedUuid(model), expectedUuid(service), expectedTags(tags)];
					if (base === undefined || modelUuid === undefined || serviceUuid === undefined || tagList === null) {
						expect(error?.message).toMatch(base === undefined ? /host/i : /^Item 0: (Model|Model Service|userTags|the tags)/);
						expect(sent).toEqual([]);
						seen.refused++;
						return;
					}
					const prefix = new URL(base).pathname.replace(/\/$/, '');
					expect(sent[0]).toMatchObject({
						method: 'POST',
						path: `${prefix}/zstack/v1/ai/models/${modelUuid}/model-services/${serviceUuid}`,
						body: tagList === undefined ? {} : { userTags: tagList },
					});
					expect([...sent[0].query]).toEqual([]);
					if (reply.kind === 'sync') {
						expect(sent).toHaveLength(1);
						expect(output.map((item) => item.json)).toEqual([{ uuid: 'bound' }]);
						seen.bound++;
						return;
					}
					// The job polled is the one the node named, on the configured host, whatever `location` says.
					const job = String(sent[0].jobUuid);
					expect(sent.slice(1).map((request) => `${request.method} ${request.path}`)).toEqual([`GET ${prefix}/zstack/v1/api-jobs/${job}`]);
					if (!reply.location.endsWith(`/api-jobs/${job}`)) seen.otherLocation++;
					expect(output.map((item) => item.json)).toEqual([{ uuid: 'polled' }]);
					seen.polled++;
				},
			),
			{ numRuns: 200 },
		);
		// Every kind of outcome was reached, so none of the branches above is vacuous.
		expect(Object.values(seen).every((count) => count > 0)).toBe(true);
	});
});

const OPERATORS: Record<string, (field: string, value: string) => string> = {
	equals: (field, value) => `${field}=${value}`,
	notEquals: (field, value) => `${field}!=${value}`,
	greaterThan: (field, value) => `${field}>${value}`,
	greaterThanOrEqual: (field, value) => `${field}>=${value}`,
	lessThan: (field, value) => `${field}<${value}`,
	lessThanOrEqual: (field, value) => `${field}<=${value}`,
	in: (field, value) => `${field}?=${value}`,
	notIn: (field, value) => `${field}!?=${value}`,
	like: (field, value) => `${field}~=${value}`,
	notLike: (field, value) => `${field}!~=${value}`,
	isNull: (field) => `${field} is null`,
	notNull: (field) => `${field} not null`,
};

const fieldName = fc.oneof(
	fc.constantFrom('name', 'vendor', 'modelServiceRefs.modelUuid', 'createDate', ' type '),
	fc.string(),
	fc.constantFrom('name&limit=1', 'a b', '1name', 'name=x', ''),
);
const conditionValue = fc.oneof(
	fc.string(),
	fc.integer(),
	fc.boolean(),
	fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 }),
	fc.constant({ an: 'object' }),
	fc.constantFrom('%', '&q=uuid=x', 'a,b', '=', '#'),
);

/** The q condition the node must send, or undefined when it must refuse it. */
function expectedCondition(field: unknown, operator: string, value: unknown): string | undefined {
	const name = typeof field === 'string' ? field.trim() : '';
	if (!/^[A-Za-z][\w.]*$/.test(name) || !Object.hasOwn(OPERATORS, operator)) return undefined;
	const entries = Array.isArray(value) ? value : [value ?? ''];
	if (!entries.every((entry) => ['string', 'number', 'boolean'].includes(typeof entry))) return undefined;
	return OPERATORS[operator](name, entries.map(String).join(','));
}

describe('Get Many: filters, sort and limit', () => {
	test('every query fails before any request, or sends exactly the intended, encoded query', async () => {
		const seen = { refused: 0, sent: 0 };
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.record({ field: fieldName, operator: fc.oneof(fc.constantFrom(...Object.keys(OPERATORS)), fc.string()), value: conditionValue }), {
					maxLength: 3,
				}),
				fc.option(fc.record({ field: fieldName, direction: fc.constantFrom('+', '-') }), { nil: undefined }),
				fc.integer({ min: 1, max: 250 }),
				async (conditions, sort, limit) => {
					nock.cleanAll();
					const harness = new WorkflowHarness();
					harness.saveCredential('zstack', { host: 'http://zstack.test:8080', authType: 'session', sessionUuid: SESSION });
					const { sent, unmatched } = serveEverything('http://zstack.test:8080', () => [200, { inventories: [], total: 0 }]);
					const parameters: INodeParameters = {
						resource: 'model',
						operation: 'getAll',
						returnAll: false,
						limit,
						filters: { conditions: conditions.map((_, index) => ({ field: `={{ $json.c[${index}].field }}`, operator: '={{ $json.c[' + index + '].operator }}', value: `={{ $json.c[${index}].value }}` })) },
						options: sort === undefined ? {} : { sort: { order: { field: '={{ $json.sort.field }}', direction: sort.direction } } },
					};

					const { error } = await harness.run({ parameters, items: [{ c: conditions, sort } as IDataObject] });
					unmatched.stop();

					expect(unmatched.requests).toEqual([]);
					const expectedQ = conditions.map(({ field, operator, value }) => expectedCondition(field, operator, value));
					const sortField = sort === undefined ? '' : typeof sort.field === 'string' ? sort.field.trim() : '';
					const sortOk = sort === undefined || /^[A-Za-z][\w.]*$/.test(sortField);
					if (expectedQ.includes(undefined) || !sortOk) {
						expect(error?.message).toMatch(/^Item 0: (filter \d+|sort field)/);
						expect(sent).toEqual([]);
						seen.refused++;
						return;
					}
					expect(error).toBeUndefined();
					expect(sent).toHaveLength(1);
					expect(sent[0].method).toBe('GET');
					expect(sent[0].path).toBe('/zstack/v1/ai/models');
					expect(sent[0].query.getAll('q')).toEqual(expectedQ);
					expect(sent[0].query.get('limit')).toBe(String(Math.min(limit, 100)));
					expect(sent[0].query.get('start')).toBe('0');
					expect(sent[0].query.get('sort')).toBe(sort === undefined ? null : `${sort.direction}${sortField}`);
					seen.sent++;
				},
			),
			{
				numRuns: 200,
				// Operator names that are keys of every plain object (fast-check found __proto__, seed -959391042).
				examples: [
					[[{ field: 'name', operator: '__proto__', value: 'x' }], undefined, 10],
					[[{ field: 'name', operator: 'constructor', value: 'x' }], undefined, 10],
				],
			},
		);
		expect(seen.refused > 0 && seen.sent > 0).toBe(true);
	});
});
