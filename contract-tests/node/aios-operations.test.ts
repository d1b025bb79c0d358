import type { IDataObject, INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { contractPath, loadContract, recordRequests, useNockWithoutNetwork, type Contract } from '../harness/contract';
import { byUuid, HOST, MODEL, MODEL_SERVICE, SESSION, sessionCredential } from '../harness/fixtures';
import { queryParametersOf } from '../harness/queries';
import { WorkflowHarness } from '../harness/workflow';

/**
 * The AIOS lifecycle operations against their contracts, in n8n-core's engine: each operation, given the
 * parameters a user sets, sends exactly the contract's request (method, path, query, body, session) and
 * outputs the contract's documented reply — simplified by default, whole with Simplify off.
 */

useNockWithoutNetwork();

const MODEL_CENTER = 'ebf96ce1de2c46fa8af9d503c29bb93d';
const INSTANCE_GROUP = '3727db48ac9c4596ace8a832fc67f3d3';
const ZONE = '5a1f0c2e3d4b4a69b8c7d6e5f4a3b2c1';
const IMAGE = '6b2f1d3e4c5a4b7a9c8d7e6f5a4b3c2d';
const PRIMARY_STORAGE = '7c3a2e4f5d6b4c8bad9e8f7a6b5c4d3e';
const CLUSTER = '8d4b3f5a6e7c4d9cbe0f9a8b7c6d5e4f';
const L3_NETWORK = '9e5c4a6b7f8d4eadcf1a0b9c8d7e6f5a';

/** What each `{placeholder}` of a contract stands for in these tests. */
const FIXTURES: Record<string, string> = {
	modelUuid: MODEL,
	modelServiceUuid: MODEL_SERVICE,
	modelCenterUuid: MODEL_CENTER,
	instanceGroupUuid: INSTANCE_GROUP,
	zoneUuid: ZONE,
	imageUuid: IMAGE,
	primaryStorageUuid: PRIMARY_STORAGE,
	clusterUuid: CLUSTER,
	l3NetworkUuid: L3_NETWORK,
};


/** A contract's body with its `{placeholders}` filled, as the node must send it. */
function filled(value: unknown): unknown {
	if (value === undefined) return undefined;
	return JSON.parse(JSON.stringify(value).replace(/\{(\w+)\}/g, (_, name: string) => FIXTURES[name] ?? `{${name}}`));
}

interface Case {
	api: string;
	parameters: INodeParameters;
	/** The output with Simplify at its default. */
	output: IDataObject;
}

const inventoryOf = (contract: Contract) => contract.response.body.inventory as IDataObject;

const cases: Case[] = [
	{
		api: 'AddModel',
		parameters: {
			resource: 'model',
			operation: 'add',
			name: 'Qwen 1.5 32B',
			installPath: '192.168.10.12:/ai/model_center/Qwen_1.5_23B',
			modelCenterUuid: byUuid(MODEL_CENTER),
			additionalFields: {
				description: 'This is qwen 1.5 32B ai model',
				parameters: 'model parameters',
				logo: 'logo base64 string',
				vendor: 'Alibaba',
				introduction: 'This is a md5 format string',
				size: 102400,
				version: 'CustomizeVersion',
			},
		},
		output: {
			uuid: '1bb3ef7d600d4d30b21b8ffd299c37b5',
			name: 'Qwen 1.5 32B',
			type: 'System',
			vendor: 'Alibaba',
			version: 'CustomizeVersion',
			modelCenterUuid: MODEL_CENTER,
		},
	},
	{
		api: 'UpdateModel',
		parameters: { resource: 'model', operation: 'update', modelUuid: byUuid(MODEL), updateFields: { name: 'example', vendor: 'Alibaba' } },
		output: {
			uuid: '1bb3ef7d600d4d30b21b8ffd299c37b5',
			name: 'example',
			type: 'System',
			vendor: 'ZStack',
			version: 'CustomizeVersion',
			modelCenterUuid: MODEL_CENTER,
		},
	},
	{
		api: 'AddModelService',
		parameters: {
			resource: 'modelService',
			operation: 'add',
			name: 'example',
			yaml: 'example-yaml-configuration',
			requestCpu: 4,
			requestMemory: 8192,
			modelCenterUuid: byUuid(MODEL_CENTER),
			installPath: '/opt/zstack-ai/model-services/example',
			startCommand: 'python start.py',
			additionalFields: {
				description: 'This is an example description.',
				gpuComputeCapability: '7.5',
				pythonVersion: '3.8',
				type: 'Endpoint',
				framework: 'HuggingFace',
				modelUuids: MODEL,
			},
		},
		output: { uuid: '6c1a5f6167944aa1886294842075279f', name: 'example', type: 'Endpoint', framework: 'HuggingFace' },
	},
	{
		api: 'UpdateModelService',
		parameters: {
			resource: 'modelService',
			operation: 'update',
			modelServiceUuid: byUuid(MODEL_SERVICE),
			updateFields: {
				name: 'example',
				description: 'This is an example description.',
				yaml: 'example-yaml-configuration',
				requestCpu: 4,
				requestMemory: 8192,
				gpuComputeCapability: '7.5',
				startCommand: 'python start.py',
				pythonVersion: '3.8',
				type: 'Endpoint',
				framework: 'HuggingFace',
				architectureImages: JSON.stringify([
					{ cpuArchitecture: 'X86_64', vmImageUuid: '1e463a11a89a38429f53f6bc34dbe4b3', dockerImage: 'registry.example.com/x86_64/myimage:latest' },
					{ cpuArchitecture: 'AARCH64', vmImageUuid: '9458c977c7f838afbc6144aed913c947', dockerImage: 'registry.example.com/aarch64/myimage:latest' },
				]),
			},
		},
		output: { uuid: '6c1a5f6167944aa1886294842075279f', name: 'example' },
	},
	{
		api: 'DeployModelService',
		parameters: {
			resource: 'modelService',
			operation: 'deploy',
			modelServiceUuid: byUuid(MODEL_SERVICE),
			zoneUuid: byUuid(ZONE),
			name: 'model-service',
			type: 'VirtualMachine',
			additionalFields: {
				description: 'qwen chat on one VM',
				modelUuid: byUuid(MODEL),
				vmImageUuid: byUuid(IMAGE),
				primaryStorageUuid: byUuid(PRIMARY_STORAGE),
				clusterUuid: byUuid(CLUSTER),
				l3NetworkUuids: L3_NETWORK,
				cpuNum: 8,
				memorySize: 17179869184,
			},
		},
		output: { uuid: 'groupUuid', name: 'model-service', status: 'Running' },
	},
	{
		api: 'CloneModelService',
		parameters: {
			resource: 'modelService',
			operation: 'clone',
			modelServiceUuid: byUuid(MODEL_SERVICE),
			additionalFields: {
				name: 'example',
				description: 'This is an example description.',
				size: 0,
				gpuComputeCapability: '7.5',
				startCommand: 'python start.py',
				pythonVersion: '3.8',
				system: false,
				type: 'Endpoint',
				yaml: 'example-yaml-configuration',
				framework: 'HuggingFace',
				requestCpu: 4,
				requestMemory: 8192,
				cpuArchitectures: 'X86_64, AARCH64',
				architectureImages: [
					{ cpuArchitecture: 'X86_64', vmImageUuid: '21cb9f654e9d3feab962ce3f5eec5796', dockerImage: 'registry.example.com/x86_64/myimage:latest' },
					{ cpuArchitecture: 'AARCH64', vmImageUuid: '1d919fda666b3bdcb5f4925f1cf17c71', dockerImage: 'registry.example.com/aarch64/myimage:latest' },
				] as unknown as INodeParameters[],
			},
		},
		output: { uuid: '90d425a802ff44eeb530f21587633700', name: 'example' },
	},
	{
		api: 'UpdateModelServiceInstanceGroup',
		parameters: { resource: 'modelServiceInstanceGroup', operation: 'update', instanceGroupUuid: byUuid(INSTANCE_GROUP), updateFields: { name: 'example' } },
		output: { uuid: 'groupUuid', name: 'model-service-group', status: 'Running' },
	},
	{
		api: 'RestartModelServiceGroups',
		parameters: { resource: 'modelServiceInstanceGroup', operation: 'restart', instanceGroupUuid: byUuid(INSTANCE_GROUP) },
		output: { success: true, instanceGroupUuid: INSTANCE_GROUP },
	},
	{
		api: 'AddModelCenter',
		parameters: {
			resource: 'modelCenter',
			operation: 'add',
			name: 'AI model center',
			url: '192.168.10.12:/ai/model_center',
			managementIp: '172.25.141.105',
			managementPort: 5000,
			additionalFields: {
				description: 'This is an example ai model center',
				parameters: 'mount parameters',
				storageNetworkUuid: byUuid('0c9ba7549e3040bca64354764b4f9907'),
				// Typed rather than picked, with dashes: sent in ZStack's form.
				serviceNetworkUuid: 'AA6C5B05-B55F-4D6A-9E06-3855FDFEDF0B',
				containerRegistry: '172.27.142.13:10043/registry',
			},
		},
		output: {
			uuid: MODEL_CENTER,
			name: 'AI model center',
			status: 'Connected',
			url: '192.168.10.12:/ai/model_center',
			managementIp: '172.25.141.105',
			managementPort: 5000,
		},
	},
	{
		api: 'UpdateModelCenter',
		parameters: { resource: 'modelCenter', operation: 'update', modelCenterUuid: byUuid(MODEL_CENTER), updateFields: { name: 'example' } },
		output: {
			uuid: '54ad208f641036aab2bcd410c7f2bb84',
			name: 'example',
			status: 'Connected',
			url: '192.168.10.12:/ai/model_center',
			managementIp: '172.25.141.105',
			managementPort: 5000,
		},
	},
];

/** A Delete of one resource: the UUID it was given and success, since ZStack answers `{}`. */
const deleteCase = (api: string, resource: string, parameter: string, uuid: string): Case => ({
	api,
	parameters: { resource, operation: 'delete', [parameter]: byUuid(uuid) },
	output: { success: true, [parameter]: uuid },
});

cases.push(
	deleteCase('DeleteModel', 'model', 'modelUuid', MODEL),
	deleteCase('DeleteModelService', 'modelService', 'modelServiceUuid', MODEL_SERVICE),
	deleteCase('DeleteModelServiceInstanceGroup', 'modelServiceInstanceGroup', 'instanceGroupUuid', INSTANCE_GROUP),
);

let harness: WorkflowHarness;

beforeEach(() => {
	harness = new WorkflowHarness();
	harness.saveCredential('zstack', sessionCredential);
});

/** Runs the node once against the contract's documented reply; returns what it sent and output. */
async function replay(contract: Contract, parameters: INodeParameters) {
	const scope = nock(HOST);
	const seen = recordRequests(scope);
	const path = contractPath(contract, FIXTURES);
	scope
		.intercept(path, contract.request.method)
		.query((contract.request.query ?? {}) as Record<string, string>)
		.reply(contract.response.status, contract.response.body);
	const run = await harness.run({ parameters });
	scope.done();
	return { ...run, seen, path };
}

describe.each(cases)('$api', ({ api, parameters, output }) => {
	const contract = loadContract(api);

	test('sends the contract request and outputs the documented reply (simplified by default)', async () => {
		const { output: items, error, seen, path } = await replay(contract, parameters);

		expect(error).toBeUndefined();
		expect(seen).toHaveLength(1);
		const [request] = seen;
		expect(request.method).toBe(contract.request.method);
		expect(new URL(request.path, HOST).pathname).toBe(path);
		expect(queryParametersOf(request)).toEqual(contract.request.query ?? {});
		expect(request.headers.authorization).toBe(`OAuth ${SESSION}`);
		expect(request.body).toEqual(filled(contract.request.body));
		if (contract.request.body !== undefined) expect(request.headers['content-type']).toBe(contract.request.headers['Content-Type']);
		expect(items).toEqual([{ json: output, pairedItem: { item: 0 } }]);
	});

	if (inventoryOf(contract) !== undefined) {
		test('with Simplify off, outputs the documented inventory whole, field by field', async () => {
			const { output: items } = await replay(contract, { ...parameters, simplify: false });

			expect(items.map((item) => item.json)).toEqual([inventoryOf(contract)]);
		});
	}
});
