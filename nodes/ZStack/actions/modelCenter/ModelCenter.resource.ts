import { defineAction, defineGet, defineGetMany } from '../defineOperation';
import { integer, named, pick, targetOf, text, uuidOf } from '../fields';
import type { ZStackResource } from '../operation';

const modelCenterUuid = (description: string) => targetOf('modelCenter', 'modelCenterUuid', 'Model Center', description);

/** The fields of a model center, as AddModelCenter.md and UpdateModelCenter.md list them. */
const CENTER = {
	name: text('name', 'Name', 'Name of the model center'),
	url: text('url', 'URL', 'Where the model center stores models: an NFS-style host:/path, e.g. 192.168.10.12:/ai/model_center'),
	managementIp: text('managementIp', 'Management IP', 'Management IP address of the model center, e.g. 172.25.141.105'),
	managementPort: integer('managementPort', 'Management Port', 'Management port of the model center, e.g. 5000'),
	description: text('description', 'Description', 'Free text about the model center'),
	parameters: text('parameters', 'Parameters', 'Extra parameters, e.g. mount parameters'),
	storageNetworkUuid: uuidOf('l3Network', 'storageNetworkUuid', 'Storage Network', 'The network the model center reaches storage on'),
	serviceNetworkUuid: uuidOf('l3Network', 'serviceNetworkUuid', 'Service Network', 'The network model services are reached on'),
	containerRegistry: text('containerRegistry', 'Container Registry', 'Container registry address, e.g. 172.27.142.13:10043/registry'),
	containerNetwork: text('containerNetwork', 'Container Network', 'Network of the containers'),
	containerStorageNetwork: text('containerStorageNetwork', 'Container Storage Network', 'Storage network of the containers (since 5.1.20)'),
};

export const modelCenter = {
	option: { name: 'Model Center', value: 'modelCenter', description: 'Where models and model services are stored' },
	// Keys are the stored `operation` values.
	operations: {
		get: defineGet({
			option: named('Get Model Center', 'Get a model center by its UUID (ZStack QueryModelCenter)'),
			path: '/v1/ai/model-centers/{modelCenterUuid}', uuid: modelCenterUuid('The model center to get'), inventory: 'modelCenter',
		}),
		getAll: defineGetMany({
			option: named('Get Many Model Centers', 'List model centers, filtered and sorted (ZStack QueryModelCenter)'),
			path: '/v1/ai/model-centers', inventory: 'modelCenter', plural: 'model centers', fieldExamples: 'name, status, managementIp',
		}),
		add: defineAction({
			option: named('Add Model Center', 'Add a model center (ZStack AddModelCenter)'),
			api: 'AddModelCenter', method: 'POST', path: '/v1/ai/model-centers', wrapper: 'param', output: { inventory: 'modelCenter' },
			required: pick(CENTER, 'name', 'url', 'managementIp', 'managementPort'),
			optional: pick(CENTER, 'description', 'parameters', 'storageNetworkUuid', 'serviceNetworkUuid', 'containerRegistry', 'containerNetwork',
				'containerStorageNetwork'),
		}),
		update: defineAction({
			option: named('Update Model Center', "Change a model center's fields (ZStack UpdateModelCenter)"),
			api: 'UpdateModelCenter', method: 'PUT', path: '/v1/ai/model-centers/{modelCenterUuid}', wrapper: 'updateModelCenter',
			uuids: [modelCenterUuid('The model center to update')], optionalCollection: 'updateFields', output: { inventory: 'modelCenter' },
			optional: pick(CENTER, 'name', 'url', 'description', 'parameters', 'managementIp', 'managementPort', 'storageNetworkUuid',
				'serviceNetworkUuid', 'containerRegistry', 'containerNetwork', 'containerStorageNetwork'),
		}),
	},
	defaultOperation: 'getAll',
} satisfies ZStackResource;
