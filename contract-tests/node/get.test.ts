import type { IDataObject, INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { loadContract, recordRequests, useNockWithoutNetwork, type Contract } from '../harness/contract';
import { HOST, MODEL, MODEL_SERVICE, SESSION, sessionCredential } from '../harness/fixtures';
import { WorkflowHarness } from '../harness/workflow';

interface GetCase {
	resource: string;
	/** How errors name the resource. */
	label: string;
	parameter: string;
	uuid: string;
	contract: Contract;
}

/** Get reads `GET <query path>/<uuid>` (zstack-rest-facts.md: `GET /zstack/v1/ai/models[/{uuid}]`). */
const cases: GetCase[] = [
	{ resource: 'model', label: 'model', parameter: 'modelUuid', uuid: MODEL, contract: loadContract('QueryModel') },
	{
		resource: 'modelService',
		label: 'model service',
		parameter: 'modelServiceUuid',
		uuid: MODEL_SERVICE,
		contract: loadContract('QueryModelService'),
	},
];

useNockWithoutNetwork();

let harness: WorkflowHarness;

beforeEach(() => {
	harness = new WorkflowHarness();
	harness.saveCredential('zstack', sessionCredential);
});

describe.each(cases)('Get $resource', ({ resource, label, parameter, uuid, contract }) => {
	const getPath = (target = uuid) => `${contract.request.path}/${target}`;
	const documentedExample = (contract.response.body.inventories as IDataObject[])[0];
	const inventory = { ...documentedExample, uuid };

	function getParameters(overrides: INodeParameters = {}): INodeParameters {
		return { resource, operation: 'get', [parameter]: { __rl: true, mode: 'id', value: uuid }, ...overrides };
	}

	test('sends GET on the UUID with the session and no query, and outputs the inventory as ZStack sent it', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.get(getPath()).reply(200, { inventories: [inventory] });

		const { output, error } = await harness.run({ parameters: getParameters() });

		expect(error).toBeUndefined();
		expect(seen.map((request) => `${request.method} ${request.path}`)).toEqual([`GET ${getPath()}`]);
		expect(seen[0].headers.authorization).toBe(contract.request.headers.Authorization.replace('{sessionUuid}', SESSION));
		expect(seen[0].body).toBeUndefined();
		expect(output).toEqual([{ json: inventory, pairedItem: { item: 0 } }]);
		const documentedFields = Object.keys(contract.documentedReply.inventories.fields);
		expect(documentedFields.filter((field) => !(field in output[0].json))).toEqual([]);
		scope.done();
	});

	test('an item picked from the list is read by its UUID', async () => {
		const scope = nock(HOST).get(getPath()).reply(200, { inventories: [inventory] });

		const { output } = await harness.run({
			parameters: getParameters({ [parameter]: { __rl: true, mode: 'list', value: uuid, cachedResultName: 'picked' } }),
		});

		expect(output.map((item) => item.json)).toEqual([inventory]);
		scope.done();
	});

	test('a UUID ZStack does not know (it answers an empty list) fails the item with "not found"', async () => {
		nock(HOST).get(getPath()).reply(200, { inventories: [] });

		const { output, error } = await harness.run({ parameters: getParameters() });

		expect(output).toEqual([]);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe(`The ${label} ${uuid} was not found`);
		expect(error?.description).toContain(`no ${label} with this UUID`);
		expect(error?.context?.itemIndex).toBe(0);
	});

	test('an inventory of another UUID is not taken for the one asked for', async () => {
		nock(HOST).get(getPath()).reply(200, { inventories: [{ ...inventory, uuid: 'f'.repeat(32) }] });

		const { error } = await harness.run({ parameters: getParameters() });

		expect(error?.message).toBe(`The ${label} ${uuid} was not found`);
	});

	test('a reply that is not a list of inventories is an error, not an empty item', async () => {
		nock(HOST).get(getPath()).reply(200, { inventory });

		const { error } = await harness.run({ parameters: getParameters() });

		expect(error?.message).toBe('ZStack answered the query without a list of inventories');
		expect(error?.description).toContain(`GET ${getPath()} replied: {"inventory":`);
	});

	test('a ZStack error passes through with its code', async () => {
		nock(HOST)
			.get(getPath())
			.reply(503, { error: { code: 'ID.1002', description: 'Permission denied', details: 'the account may not read this' } });

		const { error } = await harness.run({ parameters: getParameters() });

		expect(error?.message).toBe('ZStack error ID.1002: Permission denied');
		expect(error?.httpCode).toBe('503');
		expect(error?.description).toBe('the account may not read this');
	});

	test('a dashed, upper-case UUID is read in ZStack form; a non-UUID is rejected before any request', async () => {
		const scope = nock(HOST).get(getPath()).reply(200, { inventories: [inventory] });
		const dashed = `${uuid.slice(0, 8)}-${uuid.slice(8, 12)}-${uuid.slice(12, 16)}-${uuid.slice(16, 20)}-${uuid.slice(20)}`.toUpperCase();

		const { output, error } = await harness.run({
			parameters: getParameters({ [parameter]: { __rl: true, mode: 'id', value: '={{ $json.uuid }}' } }),
			items: [{ uuid: dashed }, { uuid: '../../accounts' }],
			continueOnFail: true,
		});

		expect(error).toBeUndefined();
		const labelled = parameter === 'modelUuid' ? 'Model' : 'Model Service';
		expect(output).toEqual([
			{ json: inventory, pairedItem: { item: 0 } },
			{ json: { error: `Item 1: ${labelled} "../../accounts" is not a UUID` }, pairedItem: { item: 1 } },
		]);
		scope.done();
	});

	test('several items: one output item each, in order, paired; with Continue On Fail "not found" is an error item', async () => {
		const missing = 'e'.repeat(32);
		const second = 'd'.repeat(32);
		nock(HOST)
			.get(getPath())
			.reply(200, { inventories: [inventory] })
			.get(getPath(missing))
			.reply(200, { inventories: [] })
			.get(getPath(second))
			.reply(200, { inventories: [{ ...inventory, uuid: second }] });

		const { output, error } = await harness.run({
			parameters: getParameters({ [parameter]: { __rl: true, mode: 'id', value: '={{ $json.uuid }}' } }),
			items: [{ uuid }, { uuid: missing }, { uuid: second }],
			continueOnFail: true,
		});

		expect(error).toBeUndefined();
		expect(output).toEqual([
			{ json: inventory, pairedItem: { item: 0 } },
			{ json: { error: `The ${label} ${missing} was not found` }, pairedItem: { item: 1 } },
			{ json: { ...inventory, uuid: second }, pairedItem: { item: 2 } },
		]);
	});
});
