import path from 'node:path';

import { ExecuteContext, ExecutionLifecycleHooks, RoutingNode, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	INode,
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
const requireFromPackage = (file: string): unknown =>
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- a path read at run time, as n8n loads a package
	require(path.join(packageRoot, file));
const manifest = requireFromPackage('package.json') as {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
};

function loadClass<T>(file: string): T {
	const exports = requireFromPackage(file) as Record<string, new () => T>;
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

export const CREDENTIAL_TEST_NODE = 'contract-tests.credentialTest';

/**
 * The node n8n's CredentialsTester builds around a credential type's declarative test (runRequestTest): one
 * property whose routing is the test request, run by n8n-core's RoutingNode — which resolves its expressions
 * with `$credentials`, runs the credential's preAuthentication and authenticate, and sends it.
 */
const credentialTestNodeType: INodeType = {
	description: {
		displayName: 'Credential Test',
		name: 'credentialTest',
		group: ['transform'],
		version: 1,
		description: 'Runs the ZStack API credential test request',
		defaults: { name: 'Credential Test' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'zStackApi', required: true }],
		properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: zstackCredentialType.test!.request }, default: '' }],
	},
};

/** A node of a one-node workflow that signs in with the stored credential `credentialId`. */
export function nodeSignedInWith(credentialId: string, node: Pick<INode, 'id' | 'name' | 'type' | 'parameters'>): INode {
	return { ...node, typeVersion: 1, position: [0, 0], credentials: { [zstackCredentialType.name]: { id: credentialId, name: 'ZStack test' } } };
}

/** The verdict of n8n's CredentialsTester (runRequestTest) on an error the test request ended with. */
function verdictOnError(error: Error): CredentialTestResult {
	const cause = error.cause as { response?: { status: number; statusText?: string }; code?: string } | undefined;
	const response = cause?.response;
	if (response) {
		for (const rule of zstackCredentialType.test!.rules ?? []) {
			if (rule.type === 'responseCode' && rule.properties.value === response.status) return { status: 'Error', message: rule.properties.message };
		}
		if (response.status < 199 || response.status > 299) {
			return { status: 'Error', message: response.statusText || `Received HTTP status code: ${response.status}` };
		}
	} else if (cause?.code) {
		return { status: 'Error', message: cause.code };
	}
	return { status: 'Error', message: error.message };
}

const harnessNodeTypes: Record<string, INodeType> = {
	[INPUT_NODE]: inputNodeType,
	[CREDENTIAL_TEST_NODE]: credentialTestNodeType,
};

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

export interface RunOptions {
	/** The ZStack node's parameters. */
	parameters: INodeParameters;
	/** Input items' JSON; one empty item by default. */
	items?: IDataObject[];
	continueOnFail?: boolean;
	/** Which stored credential the node uses. */
	credentialId?: string;
	/** Node settings n8n keeps beside the parameters, such as Retry On Fail. */
	nodeSettings?: Pick<INode, 'retryOnFail' | 'maxTries' | 'waitBetweenTries'>;
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

	private readonly nodeTypes: INodeTypes;

	/** @param extraNodeTypes node types by name that `run` can put in the ZStack node's place (the benchmark's probe). */
	constructor(extraNodeTypes: Record<string, INodeType> = {}) {
		const byName = { ...extraNodeTypes, ...harnessNodeTypes };
		this.nodeTypes = {
			getByName: (type) => byName[type] ?? zstackNodeType,
			getByNameAndVersion: (type) => byName[type] ?? zstackNodeType,
			getKnownTypes: () => ({}),
		};
	}

	saveCredential(id: string, data: ICredentialDataDecryptedObject): void {
		this.credentials.store.set(id, data);
	}

	/**
	 * What n8n's credential tester answers for a stored credential: the test request's failure matched against the
	 * `responseCode` rules, then its reply against the `responseSuccessBody` rules (n8n reads their keys with lodash
	 * `get`; every key of this credential's rules is one segment, which a plain lookup reads the same).
	 */
	async testCredential(credentialId = 'zstack'): Promise<CredentialTestResult> {
		const node = nodeSignedInWith(credentialId, { id: 'temp', name: 'Temp-Node', type: CREDENTIAL_TEST_NODE, parameters: {} });
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: this.nodeTypes });
		const additionalData = this.additionalData();
		// The data the editor sent, with the credential type's defaults applied, as the tester prepares it.
		const data = await this.credentials.getDecrypted(additionalData, node.credentials![zstackCredentialType.name], zstackCredentialType.name);
		const credentialsDecrypted = { id: credentialId, name: 'ZStack test', type: zstackCredentialType.name, data };
		const context = new ExecuteContext(workflow, node, additionalData, 'internal', createRunExecutionData(), 0, [], { main: [[{ json: {} }]] }, { node, data: {}, source: null }, []);
		let reply: INodeExecutionData[][] | null | undefined;
		try {
			reply = await new RoutingNode(context, credentialTestNodeType, credentialsDecrypted).runNode();
		} catch (error) {
			return verdictOnError(error as Error);
		}
		const json = (reply?.[0]?.[0]?.json ?? {}) as Record<string, unknown>;
		for (const rule of zstackCredentialType.test!.rules ?? []) {
			if (rule.type === 'responseSuccessBody' && json[rule.properties.key] === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
		return { status: 'OK', message: 'Connection successful!' };
	}

	async run({
		parameters,
		items = [{}],
		continueOnFail = false,
		credentialId = 'zstack',
		nodeType = ZSTACK_NODE,
		nodeSettings = {},
	}: RunOptions & { nodeType?: string }): Promise<RunResult> {
		const workflow = new Workflow({
			id: 'contract',
			name: 'contract',
			active: false,
			nodeTypes: this.nodeTypes,
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
					type: nodeType,
					typeVersion: 1,
					position: [200, 0],
					parameters,
					continueOnFail,
					...nodeSettings,
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

		const additionalData = this.additionalData(hooks);

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

	/** What n8n gives an execution besides the workflow: the credential store, URLs, and hooks (a run's own, if any). */
	private additionalData(hooks?: ExecutionLifecycleHooks): IWorkflowExecuteAdditionalData {
		return {
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
	}
}
