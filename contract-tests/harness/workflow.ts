import path from 'node:path';

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { createRunExecutionData, NodeConnectionTypes, Workflow } from 'n8n-workflow';

import { StoredCredentialsHelper } from './credentials-helper';

/** The built package, loaded as n8n loads it: from dist, by the paths in package.json's `n8n` field. */
const packageRoot = path.resolve(__dirname, '../..');
const manifest = require(path.join(packageRoot, 'package.json')) as {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
};

function loadClass<T>(file: string): T {
	const exports = require(path.join(packageRoot, file)) as Record<string, new () => T>;
	const [Class] = Object.values(exports);
	return new Class();
}

export const zstackNodeType = loadClass<INodeType>(manifest.n8n.nodes[0]);
export const zstackCredentialType = loadClass<ICredentialType>(manifest.n8n.credentials[0]);
export const ZSTACK_NODE = `${manifest.name}.${zstackNodeType.description.name}`;
const INPUT_NODE = 'contract-tests.input';

/** A trigger-like first node that emits the items a test gives it. */
const inputNodeType: INodeType = {
	description: {
		displayName: 'Test Input',
		name: 'input',
		group: ['trigger'],
		version: 1,
		description: 'Emits the test items',
		defaults: { name: 'Input' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = JSON.parse(this.getNodeParameter('items', 0) as string) as IDataObject[];
		return [items.map((json) => ({ json }))];
	},
};

const nodeTypes: INodeTypes = {
	getByName: (type) => (type === INPUT_NODE ? inputNodeType : zstackNodeType),
	getByNameAndVersion: (type) => (type === INPUT_NODE ? inputNodeType : zstackNodeType),
	getKnownTypes: () => ({}),
};

export interface RunOptions {
	/** The ZStack node's parameters. */
	parameters: INodeParameters;
	/** Input items' JSON; one empty item by default. */
	items?: IDataObject[];
	continueOnFail?: boolean;
	/** Which stored credential the node uses. */
	credentialId?: string;
}

export interface RunResult {
	/** The ZStack node's output items (with pairedItem). */
	output: INodeExecutionData[];
	/** The node's error, when the workflow failed. */
	error?: Error & { description?: string; httpCode?: string | null; context?: IDataObject };
	run: IRun;
}

/**
 * Runs Input → ZStack in n8n-core's WorkflowExecute, the engine n8n itself runs workflows with,
 * against credentials kept in a store that persists between runs like n8n's database.
 */
export class WorkflowHarness {
	readonly credentials = new StoredCredentialsHelper(
		new Map([[zstackCredentialType.name, zstackCredentialType]]),
	);

	saveCredential(id: string, data: ICredentialDataDecryptedObject): void {
		this.credentials.store.set(id, { loginSessionUuid: '', ...data });
	}

	async run({ parameters, items = [{}], continueOnFail = false, credentialId = 'zstack' }: RunOptions): Promise<RunResult> {
		const workflow = new Workflow({
			id: 'contract',
			name: 'contract',
			active: false,
			nodeTypes,
			nodes: [
				{
					id: 'input',
					name: 'Input',
					type: INPUT_NODE,
					typeVersion: 1,
					position: [0, 0],
					parameters: { items: JSON.stringify(items) },
				},
				{
					id: 'zstack',
					name: 'ZStack',
					type: ZSTACK_NODE,
					typeVersion: 1,
					position: [200, 0],
					parameters,
					continueOnFail,
					credentials: { [zstackCredentialType.name]: { id: credentialId, name: 'ZStack test' } },
				},
			],
			connections: { Input: { main: [[{ node: 'ZStack', type: NodeConnectionTypes.Main, index: 0 }]] } },
		});

		const hooks = new ExecutionLifecycleHooks('manual', 'contract-execution', {
			id: 'contract',
			name: 'contract',
			active: false,
			activeVersionId: null,
			isArchived: false,
			createdAt: new Date(),
			updatedAt: new Date(),
			nodes: Object.values(workflow.nodes),
			connections: workflow.connectionsBySourceNode,
		});
		let finish: (run: IRun) => void = () => undefined;
		const finished = new Promise<IRun>((resolve) => (finish = resolve));
		hooks.addHandler('workflowExecuteAfter', (run) => finish(run));

		const additionalData = {
			hooks,
			credentialsHelper: this.credentials,
			executionId: 'contract-execution',
			restApiUrl: 'http://localhost:5678/rest',
			instanceBaseUrl: 'http://localhost:5678/',
			webhookBaseUrl: 'http://localhost:5678/webhook/',
			webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting/',
			webhookTestBaseUrl: 'http://localhost:5678/webhook-test/',
			formWaitingBaseUrl: 'http://localhost:5678/form-waiting/',
			variables: {},
			currentNodeParameters: undefined,
			executeWorkflow: async () => {
				throw new Error('Not used by these tests');
			},
			getRunExecutionData: async () => undefined,
			logAiEvent: () => undefined,
			startRunnerTask: async () => {
				throw new Error('Not used by these tests');
			},
		} as unknown as IWorkflowExecuteAdditionalData;

		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [
					{ node: workflow.getNode('Input')!, data: { main: [[{ json: {} }]] }, source: null },
				],
			},
		});

		await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
		const run = await finished;
		const zstackRun = run.data.resultData.runData.ZStack?.[0];
		return {
			output: zstackRun?.data?.main?.[0] ?? [],
			error: (zstackRun?.error ?? run.data.resultData.error) as RunResult['error'],
			run,
		};
	}
}
