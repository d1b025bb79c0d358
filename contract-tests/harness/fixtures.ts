import type { INodeParameters } from 'n8n-workflow';

export const HOST = 'http://zstack.test:8080';
export const SESSION = '5e55101100000000000000000000beef';
export const MODEL = '7c9e6679742540de944be07fc1f90ae7';
export const MODEL_SERVICE = '0f4c8a9e2b3d4c5f8a7b6c5d4e3f2a1b';
/** What a management node writes into a 202 `location`: an address n8n cannot reach. */
export const INTERNAL_JOB_HOST = 'http://mn-internal.invalid:8080';

export const sessionCredential = { host: HOST, authType: 'session', sessionUuid: SESSION };

/** A resource locator's value typed By UUID. */
export const byUuid = (value: string) => ({ __rl: true, mode: 'id', value });

/** Parameters of a Bind Model To Service node. */
export function bindParameters(overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'model',
		operation: 'bindToService',
		modelUuid: { __rl: true, mode: 'id', value: MODEL },
		modelServiceUuid: { __rl: true, mode: 'id', value: MODEL_SERVICE },
		...overrides,
	};
}

export function bindPath(model = MODEL, modelService = MODEL_SERVICE): string {
	return `/zstack/v1/ai/models/${model}/model-services/${modelService}`;
}
