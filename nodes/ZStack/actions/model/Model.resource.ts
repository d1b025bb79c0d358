import type { ZStackResource } from '../operation';
import { bindToService } from './bindToService.operation';
import { getManyModels } from './getManyModels.operation';
import { getModel } from './getModel.operation';
import { unbindFromService } from './unbindFromService.operation';

export const model = {
	option: { name: 'Model', value: 'model' },
	// Keys are the stored `operation` values.
	operations: { bindToService, get: getModel, getAll: getManyModels, unbindFromService },
	defaultOperation: 'bindToService',
} satisfies ZStackResource;
