import type { ZStackResource } from '../operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';

export const modelService = {
	option: { name: 'Model Service', value: 'modelService' },
	operations: { get, getAll },
	defaultOperation: 'get',
} satisfies ZStackResource;
