import type { ZStackResource } from '../operation';
import { getJob } from './getJob.operation';

export const job = {
	option: { name: 'Job', value: 'job' },
	// Keys are the stored `operation` values.
	operations: { get: getJob },
	defaultOperation: 'get',
} satisfies ZStackResource;
