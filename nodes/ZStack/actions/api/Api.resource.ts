import type { ZStackResource } from '../operation';
import { call } from './call.operation';

export const api = {
	option: {
		name: 'API',
		value: 'api',
		description: 'Any ZStack API, signed and with its job followed like the other operations',
	},
	operations: { call },
	defaultOperation: 'call',
} satisfies ZStackResource;
