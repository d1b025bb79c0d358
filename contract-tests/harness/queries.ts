import { LoadOptionsContext } from 'n8n-core';
import type { INodeListSearchResult, INodeParameters, INodeTypes, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import type { SeenRequest } from './contract';
import { nodeSignedInWith, ZSTACK_NODE, zstackNodeType, type WorkflowHarness } from './workflow';

/** The query parameters of a request as ZStack's REST server reads them: `q` may repeat, so it is a list. */
export function queryParametersOf(request: SeenRequest | string): Record<string, string | string[]> {
	const params = new URL(typeof request === 'string' ? request : request.path, 'http://any.test').searchParams;
	const query: Record<string, string | string[]> = {};
	for (const name of new Set(params.keys())) query[name] = name === 'q' ? params.getAll(name) : params.get(name)!;
	return query;
}

/**
 * Calls one of the node's listSearch methods as n8n's editor does when a user opens a picker: in a
 * LoadOptionsContext of the node being edited, with the node's stored credential.
 */
export async function searchList(
	harness: WorkflowHarness,
	method: string,
	filter?: string,
	paginationToken?: string,
	credentialId = 'zstack',
): Promise<INodeListSearchResult> {
	const parameters: INodeParameters = { resource: 'model', operation: 'bindToService' };
	const node = nodeSignedInWith(credentialId, { id: 'zstack', name: 'ZStack', type: ZSTACK_NODE, parameters });
	const nodeTypes: INodeTypes = {
		getByName: () => zstackNodeType,
		getByNameAndVersion: () => zstackNodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = {
		credentialsHelper: harness.credentials,
		currentNodeParameters: parameters,
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const context = new LoadOptionsContext(workflow, node, additionalData, 'parameters.modelUuid');
	const search = zstackNodeType.methods?.listSearch?.[method];
	if (!search) throw new Error(`The node has no listSearch method ${method}`);
	return await search.call(context, filter, paginationToken);
}
