import path from 'node:path';

import { PollContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INodeParameters,
	INodeType,
	INodeTypes,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { StoredCredentialsHelper } from './credentials-helper';
import { nodeSignedInWith, zstackCredentialType } from './workflow';

const packageRoot = path.resolve(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- package.json read as n8n reads it
const manifest = require(path.join(packageRoot, 'package.json')) as { name: string; n8n: { nodes: string[] } };

/** The built ZStack Trigger, found among the package's nodes as n8n finds it. */
function loadTrigger(): INodeType {
	for (const file of manifest.n8n.nodes) {
		// eslint-disable-next-line @typescript-eslint/no-require-imports -- a path read at run time, as n8n loads a package
		const exports = require(path.join(packageRoot, file)) as Record<string, new () => INodeType>;
		const node = new (Object.values(exports)[0])();
		if (node.description.polling) return node;
	}
	throw new Error('package.json lists no polling trigger');
}

export const zstackTriggerType = loadTrigger();
const TRIGGER_TYPE = `${manifest.name}.${zstackTriggerType.description.name}`;

/**
 * Polls the ZStack Trigger the way n8n's active-workflow manager does: n8n-core's PollContext on a Workflow,
 * the node's static data read from and, when the poll changed it, written back to a store that outlives the
 * Workflow object, as n8n's database does (and as a queue-mode worker sees it: nothing else survives a poll).
 */
export class PollHarness {
	readonly credentials = new StoredCredentialsHelper(new Map([[zstackCredentialType.name, zstackCredentialType]]));

	/** The workflow's static data as stored between polls. */
	storedStaticData: IDataObject = {};

	private readonly nodeTypes: INodeTypes = {
		getByName: () => zstackTriggerType,
		getByNameAndVersion: () => zstackTriggerType,
		getKnownTypes: () => ({}),
	};

	saveCredential(id: string, data: ICredentialDataDecryptedObject): void {
		this.credentials.store.set(id, data);
	}

	/** One poll; the emitted items' JSON, or null when the trigger emitted nothing. */
	async poll(parameters: INodeParameters, mode: Extract<WorkflowExecuteMode, 'trigger' | 'manual'> = 'trigger'): Promise<IDataObject[] | null> {
		const workflow = new Workflow({
			id: 'trigger',
			name: 'trigger',
			active: mode === 'trigger',
			nodeTypes: this.nodeTypes,
			nodes: [nodeSignedInWith('zstack', { id: 'zstack-trigger', name: 'ZStack Trigger', type: TRIGGER_TYPE, parameters })],
			connections: {},
			staticData: structuredClone(this.storedStaticData),
		});
		const additionalData = { credentialsHelper: this.credentials, variables: {} } as unknown as IWorkflowExecuteAdditionalData;
		const node = workflow.getNode('ZStack Trigger')!;
		const context = new PollContext(workflow, node, additionalData, mode, mode === 'manual' ? 'manual' : 'activate');
		const result = await zstackTriggerType.poll!.call(context);
		// n8n saves static data after a poll only when it changed (ActiveWorkflowManager, WorkflowStaticDataService).
		if (workflow.staticData.__dataChanged === true) this.storedStaticData = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
		return result === null ? null : result[0].map((item) => item.json);
	}
}
