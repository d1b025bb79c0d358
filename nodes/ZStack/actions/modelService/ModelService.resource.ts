import type { ZStackResource } from '../operation';
import { getManyModelServices } from './getManyModelServices.operation';
import { getModelService } from './getModelService.operation';

export const modelService = {
	option: { name: 'Model Service', value: 'modelService' },
	// Keys are the stored `operation` values.
	operations: { get: getModelService, getAll: getManyModelServices },
	defaultOperation: 'get',
} satisfies ZStackResource;
