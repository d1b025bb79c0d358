import type { ZStackResource } from '../operation';
import { bindToService } from './bindToService.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { unbindFromService } from './unbindFromService.operation';

export const model = {
	option: { name: 'Model', value: 'model' },
	operations: { bindToService, get, getAll, unbindFromService },
	defaultOperation: 'bindToService',
} satisfies ZStackResource;
