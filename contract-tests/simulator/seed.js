// @ts-check
'use strict';

/**
 * Fixed data the simulator starts with (and returns to on reset). UUIDs are fixed so that tests, people and
 * an n8n process pointed at the simulator can all refer to the same resources; like ZStack's, they are 32
 * lowercase hex characters without dashes.
 */

const { createHash } = require('node:crypto');

/**
 * @typedef {{ uuid: string, name: string, lastOpDate: string, [field: string]: unknown }} Resource
 * @typedef {{ uuid: string, modelUuid: string, modelServiceUuid: string, systemTags: string[], userTags: string[] }} Binding
 */

/** ZStack's initial admin account uuid (AccountConstant.INITIAL_SYSTEM_ADMIN_UUID). */
const ADMIN_ACCOUNT_UUID = '36c27e8ff05c4780bf6d2fa65700f22e';
const ADMIN_USER_UUID = '7a1c0e9d5b3f4d2a8e6c4b2a09f7e5d3';
const MODEL_CENTER_UUID = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';

const ACCOUNT = Object.freeze({ accountName: 'admin', password: 'password' });

const ACCESS_KEY = Object.freeze({
	accessKeyId: 'ZSIMACCESSKEY0000001',
	accessKeySecret: 'zsimAccessKeySecret0000000000000000000001',
});

const MODEL_UUIDS = Object.freeze([
	'6b3e2f5a9c1d4e7f8a0b1c2d3e4f5a01',
	'6b3e2f5a9c1d4e7f8a0b1c2d3e4f5a02',
	'6b3e2f5a9c1d4e7f8a0b1c2d3e4f5a03',
]);

const MODEL_SERVICE_UUIDS = Object.freeze([
	'd4c8a1e27f3b4c6d9e0f1a2b3c4d5e01',
	'd4c8a1e27f3b4c6d9e0f1a2b3c4d5e02',
	'd4c8a1e27f3b4c6d9e0f1a2b3c4d5e03',
]);

/** One binding exists from the start, so that unbinding and ref queries have something to work on. */
const SEEDED_BINDING = Object.freeze({
	uuid: 'b16d1a9e3c7f4a2b8d5e6f7a8b9c0d01',
	modelUuid: MODEL_UUIDS[1],
	modelServiceUuid: MODEL_SERVICE_UUIDS[1],
});

const VM_INSTANCE_UUIDS = Object.freeze([
	'9a1f3c5e7b2d4f6a8c0e1b3d5f7a9c01',
	'9a1f3c5e7b2d4f6a8c0e1b3d5f7a9c02',
	'9a1f3c5e7b2d4f6a8c0e1b3d5f7a9c03',
]);

/**
 * A Running instance group, then two in Error (the nightly restart example has something to restart); the first in
 * Error has the uuid of the RestartModelServiceGroups DG example, which its contract replays.
 */
const INSTANCE_GROUP_UUIDS = Object.freeze([
	'a7c3e5f1b9d24e6a8c0e2a4c6e8a0c01',
	'3727db48ac9c4596ace8a832fc67f3d3',
	'a7c3e5f1b9d24e6a8c0e2a4c6e8a0c03',
]);

const ZONE_UUID = '0c5a7e9b1d3f4a6c8e0a2c4e6a8c0e01';
const CLUSTER_UUID = '1d6b8f0a2c4e4b7d9f1b3d5f7b9d1f01';
const HOST_UUIDS = ['2e7c9a1b3d5f4c8e0a2c4e6a8c0e2a01', '2e7c9a1b3d5f4c8e0a2c4e6a8c0e2a02'];
const IMAGE_UUIDS = Object.freeze(['3f8d0b2c4e6a4d9f1b3d5f7b9d1f3b01', '3f8d0b2c4e6a4d9f1b3d5f7b9d1f3b02']);
const IMAGE_UUID = IMAGE_UUIDS[0];
const INSTANCE_OFFERING_UUID = '4a9e1c3d5f7b4e0a2c4e6a8c0e2a4c01';
const L3_NETWORK_UUID = '5b0f2d4e6a8c4f1b3d5f7b9d1f3b5d01';
const PRIMARY_STORAGE_UUID = '6c1a3e5f7b9d4a2c4e6a8c0e2a4c6e01';

const SEED = Object.freeze({
	models: MODEL_UUIDS,
	modelServices: MODEL_SERVICE_UUIDS,
	bindings: Object.freeze([SEEDED_BINDING]),
	vmInstances: VM_INSTANCE_UUIDS,
	modelCenters: Object.freeze([MODEL_CENTER_UUID]),
	instanceGroups: INSTANCE_GROUP_UUIDS,
	zones: Object.freeze([ZONE_UUID]),
	clusters: Object.freeze([CLUSTER_UUID]),
	images: IMAGE_UUIDS,
	l3Networks: Object.freeze([L3_NETWORK_UUID]),
	primaryStorages: Object.freeze([PRIMARY_STORAGE_UUID]),
});

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Formats a date the way ZStack's Gson serialises java.sql.Timestamp, e.g. "Nov 27, 2026 1:05:43 AM" (UTC here).
 * @param {Date} date
 */
function formatZStackDate(date) {
	const hours = date.getUTCHours();
	const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
	return (
		`${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()} ` +
		`${hours % 12 === 0 ? 12 : hours % 12}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} ` +
		(hours < 12 ? 'AM' : 'PM')
	);
}

/** @param {string} plain */
function sha512Hex(plain) {
	return createHash('sha512').update(plain, 'utf8').digest('hex');
}

const SEEDED_AT = 'Mar 3, 2025 9:15:02 AM';

/** @returns {Resource[]} */
function seedModels() {
	return [
		{
			uuid: MODEL_UUIDS[0],
			name: 'Qwen2.5-7B-Instruct',
			modelId: 'Qwen/Qwen2.5-7B-Instruct',
			introduction: 'Qwen2.5 chat model, 7B parameters, instruction-tuned',
			description: 'Instruction-tuned 7B chat model',
			modelCenterUuid: MODEL_CENTER_UUID,
			installPath: '/opt/zstack-ai/models/qwen2.5-7b-instruct',
			parameters: '{"max_model_len":32768}',
			logo: '/static/model-logos/qwen.png',
			vendor: 'Alibaba',
			size: 15231233024,
			version: '2.5',
			type: 'LLM',
			modelClassifications: ['text-generation'],
			createDate: SEEDED_AT,
			lastOpDate: SEEDED_AT,
		},
		{
			uuid: MODEL_UUIDS[1],
			name: 'bge-large-zh-v1.5',
			modelId: 'BAAI/bge-large-zh-v1.5',
			introduction: 'BAAI general embedding, large, Chinese',
			description: 'Chinese text embedding model',
			modelCenterUuid: MODEL_CENTER_UUID,
			installPath: '/opt/zstack-ai/models/bge-large-zh-v1.5',
			parameters: '{"max_seq_length":512}',
			logo: '/static/model-logos/baai.png',
			vendor: 'BAAI',
			size: 1302113280,
			version: '1.5',
			type: 'Embedding',
			modelClassifications: ['embedding'],
			createDate: SEEDED_AT,
			lastOpDate: SEEDED_AT,
		},
		{
			uuid: MODEL_UUIDS[2],
			name: 'stable-diffusion-xl-base-1.0',
			modelId: 'stabilityai/stable-diffusion-xl-base-1.0',
			introduction: 'SDXL base model for 1024x1024 images',
			description: 'Text to image diffusion model',
			modelCenterUuid: MODEL_CENTER_UUID,
			installPath: '/opt/zstack-ai/models/stable-diffusion-xl-base-1.0',
			parameters: '{"resolution":1024}',
			logo: '/static/model-logos/stability.png',
			vendor: 'Stability AI',
			size: 6938078334,
			version: '1.0',
			type: 'TextToImage',
			modelClassifications: ['text-to-image', 'image-generation'],
			createDate: SEEDED_AT,
			lastOpDate: SEEDED_AT,
		},
	];
}

/**
 * Model services carry every field of the documented ModelServiceInventory except `modelServiceRefs`, which
 * is rendered from the bindings so that it can never disagree with them. The first one uses the example
 * values of the BindModelToService page.
 */
function seedModelServices() {
	/** @param {{ uuid: string, name: string, [field: string]: unknown }} overrides @returns {Resource} */
	const service = (overrides) => ({
		readme: '',
		modelCenterUuid: MODEL_CENTER_UUID,
		source: 'BuiltIn',
		system: true,
		hasNewVersion: false,
		gpuComputeCapability: '8.0',
		pythonVersion: '3.10',
		condaVersion: '23.1.0',
		version: '1.0.0',
		containerCommand: '/bin/bash',
		containerArgs: '-c',
		supportDistributed: false,
		cpuArchitectures: ['x86_64', 'aarch64'],
		vendorToSpecUuidsMap: { NVIDIA: ['c3a9e1f05b7d4c2e9a8b7c6d5e4f3a21'] },
		modelServiceImages: [],
		createDate: SEEDED_AT,
		lastOpDate: SEEDED_AT,
		...overrides,
	});
	return [
		service({
			uuid: MODEL_SERVICE_UUIDS[0],
			name: 'text to text model service',
			description: 'This is text to text model service you can chose model',
			readme: '# Text to text\nServes chat and completion models with vLLM.',
			yaml: 'model service parameters',
			requestCpu: 4,
			requestMemory: 1024,
			type: 'LLM',
			framework: 'vLLM',
			size: 9663676416,
			installPath: '/opt/zstack-ai/model-services/text-to-text',
			startCommand: 'python -m vllm.entrypoints.openai.api_server --model ${MODEL_PATH}',
		}),
		service({
			uuid: MODEL_SERVICE_UUIDS[1],
			name: 'embedding model service',
			description: 'Serves text embedding models',
			yaml: 'embedding service parameters',
			requestCpu: 2,
			requestMemory: 4096,
			type: 'Embedding',
			framework: 'Transformers',
			size: 4294967296,
			installPath: '/opt/zstack-ai/model-services/embedding',
			startCommand: 'python serve_embeddings.py --model ${MODEL_PATH}',
		}),
		service({
			uuid: MODEL_SERVICE_UUIDS[2],
			name: 'text to image model service',
			description: 'Serves diffusion models',
			yaml: 'diffusion service parameters',
			requestCpu: 8,
			requestMemory: 16384,
			type: 'TextToImage',
			framework: 'Diffusers',
			size: 12884901888,
			system: false,
			hasNewVersion: true,
			supportDistributed: true,
			cpuArchitectures: ['x86_64'],
			installPath: '/opt/zstack-ai/model-services/text-to-image',
			startCommand: 'python serve_diffusion.py --model ${MODEL_PATH}',
		}),
	];
}

/**
 * VMs with the fields of VmInstanceInventory (zstack-sdk-go-v2 VmInstanceInventoryView), each with one NIC
 * and its root volume. A stopped VM has no hostUuid, only lastHostUuid, as in ZStack.
 * @returns {Resource[]}
 */
function seedVmInstances() {
	/** @param {number} index @param {string} name @param {'Running' | 'Stopped'} state @param {number} cpuNum @param {number} memoryGiB */
	const vm = (index, name, state, cpuNum, memoryGiB) => {
		const uuid = VM_INSTANCE_UUIDS[index];
		const rootVolumeUuid = `7d2b4f6a8c0e4b3d5f7b9d1f3b5d7f${String(index + 1).padStart(2, '0')}`;
		const hostUuid = HOST_UUIDS[index % HOST_UUIDS.length];
		return {
			uuid,
			name,
			description: '',
			zoneUuid: ZONE_UUID,
			clusterUuid: CLUSTER_UUID,
			imageUuid: IMAGE_UUID,
			hostUuid: state === 'Running' ? hostUuid : null,
			lastHostUuid: hostUuid,
			instanceOfferingUuid: INSTANCE_OFFERING_UUID,
			rootVolumeUuid,
			platform: 'Linux',
			architecture: 'x86_64',
			defaultL3NetworkUuid: L3_NETWORK_UUID,
			type: 'UserVm',
			hypervisorType: 'KVM',
			memorySize: memoryGiB * 1024 ** 3,
			reservedMemorySize: 0,
			cpuNum,
			cpuSpeed: 0,
			allocatorStrategy: 'LastHostPreferredAllocatorStrategy',
			state,
			guestOsType: 'Linux',
			vmNics: [
				{
					uuid: `8e3c5a7b9d1f4c4e6a8c0e2a4c6e8a${String(index + 1).padStart(2, '0')}`,
					vmInstanceUuid: uuid,
					l3NetworkUuid: L3_NETWORK_UUID,
					ip: `172.20.0.${11 + index}`,
					mac: `fa:16:3e:5c:0${index}:a1`,
					netmask: '255.255.0.0',
					gateway: '172.20.0.1',
					deviceId: 0,
					type: 'VNIC',
					driverType: 'virtio',
					internalName: `vnic${index + 1}.0`,
					state: 'Enable',
					usedIps: [],
					createDate: SEEDED_AT,
					lastOpDate: SEEDED_AT,
				},
			],
			allVolumes: [
				{
					uuid: rootVolumeUuid,
					name: `ROOT-for-${name}`,
					description: `Root volume for VM[uuid:${uuid}]`,
					primaryStorageUuid: PRIMARY_STORAGE_UUID,
					vmInstanceUuid: uuid,
					rootImageUuid: IMAGE_UUID,
					installPath: `/zstack_ps/rootVolumes/acct-36c27e8f/vol-${rootVolumeUuid}/${rootVolumeUuid}.qcow2`,
					type: 'Root',
					format: 'qcow2',
					size: 42949672960,
					actualSize: 2147483648,
					deviceId: 0,
					state: 'Enabled',
					status: 'Ready',
					isShareable: false,
					createDate: SEEDED_AT,
					lastOpDate: SEEDED_AT,
				},
			],
			vmCdRoms: [],
			createDate: SEEDED_AT,
			lastOpDate: SEEDED_AT,
		};
	};
	return [vm(0, 'web-server-01', 'Running', 2, 4), vm(1, 'db-server-01', 'Running', 4, 16), vm(2, 'build-agent-01', 'Stopped', 8, 8)];
}

/**
 * The model center every seeded model and service lives in, with the fields of zstack-sdk-go-v2's
 * ModelCenterInventoryView and the example values of the AddModelCenter DG page. `status` has no documented
 * values: 'Connected' is assumed.
 * @returns {Resource[]}
 */
function seedModelCenters() {
	return [
		{
			uuid: MODEL_CENTER_UUID,
			name: 'AI model center',
			description: 'This is an example ai model center',
			url: '192.168.10.12:/ai/model_center',
			status: 'Connected',
			parameters: 'mount parameters',
			managementIp: '172.25.141.105',
			managementPort: 5000,
			storageNetworkUuid: L3_NETWORK_UUID,
			serviceNetworkUuid: L3_NETWORK_UUID,
			containerRegistry: '172.27.142.13:10043/registry',
			containerStorageNetwork: '',
			containerNetwork: '',
			createDate: SEEDED_AT,
			lastOpDate: SEEDED_AT,
		},
	];
}

/**
 * Instance groups with the fields of ModelServiceInstanceGroupInventory (UpdateModelServiceInstanceGroup EX page,
 * zstack-sdk-go-v2 ModelServiceInstanceGroupInventoryView), each with one instance shaped as in the
 * QueryModelServiceInstanceGroup DG example. The group's status and its instances' move together.
 * @returns {Resource[]}
 */
function seedInstanceGroups() {
	/** @param {number} index @param {string} name @param {string} status @param {number} serviceIndex @param {number} modelIndex */
	const group = (index, name, status, serviceIndex, modelIndex) => {
		const uuid = INSTANCE_GROUP_UUIDS[index];
		return instanceGroupInventory({
			uuid,
			name,
			description: `${name} on the seeded model center`,
			modelServiceUuid: MODEL_SERVICE_UUIDS[serviceIndex],
			modelUuid: MODEL_UUIDS[modelIndex],
			modelServiceType: seedModelServices()[serviceIndex].type,
			type: 'VirtualMachine',
			yaml: 'service: service',
			status,
			instanceUuid: `b8d4f6a2c0e34f7b9d1f3b5d7f9b1d${String(index + 1).padStart(2, '0')}`,
			vmInstanceUuid: `c9e5a7b3d1f44a8c0e2a4c6e8a0c2e${String(index + 1).padStart(2, '0')}`,
			url: `http://172.20.1.${21 + index}:8000`,
			at: SEEDED_AT,
		});
	};
	return [
		group(0, 'qwen-chat', 'Running', 0, 0),
		group(1, 'bge-embeddings', 'Error', 1, 1),
		group(2, 'sdxl-images', 'Error', 2, 2),
	];
}

/**
 * A model service instance group inventory with one instance (the DG example's fields).
 * @param {{ uuid: string, name: string, description: string, modelServiceUuid: string, modelUuid: string | undefined,
 *   modelServiceType: unknown, type: string, yaml: unknown, status: string, instanceUuid: string, vmInstanceUuid: string,
 *   url: string, at: string }} fields
 * @returns {Resource}
 */
function instanceGroupInventory({ uuid, name, description, modelServiceUuid, modelUuid, modelServiceType, type, yaml, status, instanceUuid, vmInstanceUuid, url, at }) {
	return {
		uuid,
		name,
		description,
		modelServiceUuid,
		modelUuid,
		instances: [
			{
				uuid: instanceUuid,
				modelServiceGroupUuid: uuid,
				yaml,
				status,
				url,
				vmInstanceUuid,
				accountUuid: ADMIN_ACCOUNT_UUID,
				createDate: at,
				lastOpDate: at,
			},
		],
		datasetRefInventories: [],
		status,
		modelServiceType,
		type,
		yaml,
		supportMetrics: [],
		exportPath: '',
		createDate: at,
		lastOpDate: at,
	};
}

/**
 * What a deployment is placed on, for the pickers: fields of zstack-sdk-go-v2's ZoneInventoryView,
 * ClusterInventoryView, ImageInventoryView, L3NetworkInventoryView and PrimaryStorageInventoryView.
 */
function seedInfrastructure() {
	const dates = { createDate: SEEDED_AT, lastOpDate: SEEDED_AT };
	/** @param {string} uuid @param {string} name @param {string} description @param {string} installPath */
	const image = (uuid, name, description, installPath) => ({
		uuid,
		name,
		description,
		state: 'Enabled',
		status: 'Ready',
		size: 21474836480,
		actualSize: 3221225472,
		md5Sum: 'not calculated',
		url: `http://192.168.10.12:8001/imagestore/${installPath}`,
		mediaType: 'RootVolumeTemplate',
		guestOsType: 'Linux',
		type: 'zstack',
		platform: 'Linux',
		architecture: 'x86_64',
		format: 'qcow2',
		system: false,
		backupStorageRefs: [],
		...dates,
	});
	return {
		zones: [{ uuid: ZONE_UUID, name: 'ZONE-1', description: 'the AI zone', state: 'Enabled', type: 'zstack', ...dates }],
		clusters: [
			{ uuid: CLUSTER_UUID, name: 'GPU-CLUSTER-1', description: 'GPU hosts', state: 'Enabled', hypervisorType: 'KVM', zoneUuid: ZONE_UUID, type: 'zstack', architecture: 'x86_64', ...dates },
		],
		images: [
			image(IMAGE_UUIDS[0], 'ubuntu-22.04-cuda-12.1', 'GPU base image for model services', 'ubuntu-22.04-cuda-12.1.qcow2'),
			image(IMAGE_UUIDS[1], 'rocky-9-vllm-0.6', 'vLLM runtime image', 'rocky-9-vllm-0.6.qcow2'),
		],
		l3Networks: [
			{
				uuid: L3_NETWORK_UUID,
				name: 'L3-AI-SERVICE',
				description: 'service network of the model services',
				type: 'L3BasicNetwork',
				zoneUuid: ZONE_UUID,
				l2NetworkUuid: 'd0f6b8c4e2a14b9d1f3b5d7f9b1d3f01',
				state: 'Enabled',
				system: false,
				category: 'Private',
				ipVersion: 4,
				dns: [],
				ipRanges: [],
				networkServices: [],
				...dates,
			},
		],
		primaryStorages: [
			{
				uuid: PRIMARY_STORAGE_UUID,
				name: 'PS-LOCAL-1',
				description: 'local storage of the GPU hosts',
				zoneUuid: ZONE_UUID,
				url: '/zstack_ps',
				type: 'LocalStorage',
				state: 'Enabled',
				status: 'Connected',
				totalCapacity: 3298534883328,
				availableCapacity: 2199023255552,
				totalPhysicalCapacity: 3298534883328,
				availablePhysicalCapacity: 2199023255552,
				attachedClusterUuids: [CLUSTER_UUID],
				...dates,
			},
		],
	};
}

/**
 * A fresh, independent copy of the seeded resources. `instanceGroupChanges` holds each instance group's pending
 * status change (contract-tests/simulator/aios.js), kept apart so that no inventory shows it.
 * @returns {{
 *   models: Resource[], modelServices: Resource[], bindings: Binding[], vmInstances: Resource[], modelCenters: Resource[],
 *   instanceGroups: Resource[], zones: Resource[], clusters: Resource[], images: Resource[], l3Networks: Resource[],
 *   primaryStorages: Resource[], instanceGroupChanges: Map<string, { status: string, at: number }>,
 * }}
 */
function createSeedResources() {
	return {
		models: seedModels(),
		modelServices: seedModelServices(),
		bindings: SEED.bindings.map((binding) => ({ ...binding, systemTags: [], userTags: [] })),
		vmInstances: seedVmInstances(),
		modelCenters: seedModelCenters(),
		instanceGroups: seedInstanceGroups(),
		...seedInfrastructure(),
		instanceGroupChanges: new Map(),
	};
}

module.exports = {
	ACCOUNT,
	ACCESS_KEY,
	ADMIN_ACCOUNT_UUID,
	ADMIN_USER_UUID,
	SEED,
	createSeedResources,
	formatZStackDate,
	instanceGroupInventory,
	sha512Hex,
};
