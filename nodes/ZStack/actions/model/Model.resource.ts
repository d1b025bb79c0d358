import { defineAction, defineDelete, defineGet, defineGetMany } from '../defineOperation';
import { field, flag, integer, named, pick, targetOf, text, uuidOf, uuidsOf } from '../fields';
import type { ZStackResource } from '../operation';

const modelUuid = (description: string) => targetOf('model', 'modelUuid', 'Model', description);
const modelServiceUuid = (description: string) => targetOf('modelService', 'modelServiceUuid', 'Model Service', description);

/** Bind and Unbind address a model and a model service (BindModelToService.md, UnbindModelFromService.md). */
const BINDING_PATH = '/v1/ai/models/{modelUuid}/model-services/{modelServiceUuid}';
const binding = (model: string, modelService: string) => [modelUuid(model), modelServiceUuid(modelService)];

/** The fields of a model, as AddModel.md and UpdateModel.md list them. */
const MODEL = {
	name: text('name', 'Name', 'Name of the model, e.g. Qwen 1.5 32B'),
	installPath: text('installPath', 'Install Path', "Where the model's files are on its model center, e.g. 192.168.10.12:/ai/model_center/Qwen_1.5_32B"),
	modelCenterUuid: uuidOf('modelCenter', 'modelCenterUuid', 'Model Center', 'The model center that stores the model'),
	description: text('description', 'Description', 'Free text about the model'),
	parameters: text('parameters', 'Parameters', "The model's parameter details, free text"),
	logo: text('logo', 'Logo', 'Logo of the model, a base64 string'),
	vendor: text('vendor', 'Vendor', 'Who made the model, e.g. Alibaba'),
	introduction: text('introduction', 'Introduction', 'Introduction text of the model'),
	size: integer('size', 'Size', 'Size of the model (the documented example gives 102400)'),
	version: text('version', 'Version', 'Version label, e.g. CustomizeVersion'),
	modelId: text('modelId', 'Model ID', 'Identifier of the model, e.g. Qwen/Qwen2.5-7B-Instruct'),
	modelServiceUuids: uuidsOf('modelService', 'modelServiceUuids', 'Model Service UUIDs', 'Model services to bind the model to as it is added'),
	recommendedGpuNum: text('recommendedGpuNum', 'Recommended GPU Count', 'How many GPUs the model should have (ZStack takes it as text, e.g. 2)'),
	gpuConstraintDescription: text('gpuConstraintDescription', 'GPU Constraint Description', "Text describing the model's GPU needs"),
	defaultModelServiceUuid: uuidOf('modelService', 'defaultModelServiceUuid', 'Default Model Service', 'The model service that serves the model by default'),
	modelClassifications: field('modelClassifications', 'Model Classifications', { kind: 'stringList' }, 'Classification labels of the model, e.g. text-generation'),
	clearDefaultModelService: flag('clearDefaultModelService', 'Clear Default Model Service', 'Whether to clear the default model service of the model'),
};

export const model = {
	option: { name: 'Model', value: 'model' },
	// Keys are the stored `operation` values. Simplify is off by default for the operations of version 0.1.
	operations: {
		bindToService: defineAction({
			option: named('Bind Model to Service', 'Bind a model to a model service (ZStack BindModelToService)'),
			api: 'BindModelToService', method: 'POST', path: BINDING_PATH, output: { inventory: 'modelService' }, simplifyByDefault: false,
			uuids: binding('The model to bind', 'The model service to bind the model to'),
		}),
		get: defineGet({
			option: named('Get Model', 'Get a model by its UUID (ZStack QueryModel)'),
			path: '/v1/ai/models/{modelUuid}', uuid: modelUuid('The model to get'), inventory: 'model', simplifyByDefault: false,
		}),
		getAll: defineGetMany({
			option: named('Get Many Models', 'List models, filtered and sorted (ZStack QueryModel)'),
			path: '/v1/ai/models', inventory: 'model', plural: 'models', fieldExamples: 'name, type, vendor', simplifyByDefault: false,
		}),
		unbindFromService: defineAction({
			option: named('Unbind Model from Service', 'Unbind a model from a model service (ZStack UnbindModelFromService)'),
			api: 'UnbindModelFromService', method: 'DELETE', path: BINDING_PATH, output: { done: 'modelService' }, simplifyByDefault: false,
			uuids: binding('The model to unbind', 'The model service to unbind the model from'),
		}),
		add: defineAction({
			option: named('Add Model', 'Add a model to a model center (ZStack AddModel)'),
			api: 'AddModel', method: 'POST', path: '/v1/ai/models', wrapper: 'param', output: { inventory: 'model' },
			required: pick(MODEL, 'name', 'installPath', 'modelCenterUuid'),
			optional: pick(MODEL, 'description', 'parameters', 'logo', 'vendor', 'introduction', 'size', 'version', 'modelId', 'modelServiceUuids',
				'recommendedGpuNum', 'gpuConstraintDescription', 'defaultModelServiceUuid'),
		}),
		update: defineAction({
			option: named('Update Model', "Change a model's fields (ZStack UpdateModel)"),
			api: 'UpdateModel', method: 'PUT', path: '/v1/ai/models/{modelUuid}', wrapper: 'updateModel', uuids: [modelUuid('The model to update')],
			optionalCollection: 'updateFields', output: { inventory: 'model' },
			optional: pick(MODEL, 'name', 'installPath', 'description', 'vendor', 'parameters', 'modelCenterUuid', 'modelClassifications',
				'recommendedGpuNum', 'gpuConstraintDescription', 'modelId', 'defaultModelServiceUuid', 'clearDefaultModelService'),
		}),
		delete: defineDelete({
			option: named('Delete Model', 'Delete a model (ZStack DeleteModel)'),
			api: 'DeleteModel', path: '/v1/ai/models/{modelUuid}', uuid: modelUuid('The model to delete'),
		}),
	},
	defaultOperation: 'bindToService',
} satisfies ZStackResource;
