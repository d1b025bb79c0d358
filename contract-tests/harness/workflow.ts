import path from 'node:path';

import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { createRunExecutionData, Expression, NodeConnectionTypes, Workflow } from 'n8n-workflow';

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

/** Resolves the `={{ }}` expressions of a credential's test request, as n8n does, with `$credentials`. */
function resolveTestRequest(credentials: IDataObject): IDataObject {
	const resolved: IDataObject = {};
	for (const [key, value] of Object.entries(zstackCredentialType.test!.request)) {
		resolved[key] =
			typeof value === 'string' && value.startsWith('=')
				? (Expression.resolveWithoutWorkflow(value.slice(1), { $credentials: credentials }) as string)
				: (value as IDataObject);
	}
	return resolved;
}

/**
 * Sends the credential type's test request through n8n-core's authenticated request path (so the
 * credential's preAuthentication and authenticate run as in n8n's credential tester) and outputs
 * the raw status and body; WorkflowHarness.testCredential then applies the type's rules.
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
		properties: [],
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const credentials = await this.getCredentials(zstackCredentialType.name);
		const request = resolveTestRequest(credentials);
		const response = (await this.helpers.httpRequestWithAuthentication.call(this, zstackCredentialType.name, {
			...(request as unknown as IHttpRequestOptions),
			method: (request.method as IHttpRequestMethods | undefined) ?? 'GET',
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		})) as IN8nHttpFullResponse;
		return [[{ json: { statusCode: response.statusCode, statusMessage: response.statusMessage ?? '', body: response.body as IDataObject } }]];
	},
};

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
		this.credentials.store.set(id, { loginSessionUuid: '', ...data });
	}

	/**
	 * What n8n's credential tester answers for a stored credential: non-2xx replies and thrown
	 * errors fail it, then the type's `responseSuccessBody` rules are checked against the body.
	 */
	async testCredential(credentialId = 'zstack'): Promise<CredentialTestResult> {
		const { output, error } = await this.run({ parameters: {}, credentialId, nodeType: CREDENTIAL_TEST_NODE });
		if (error) return { status: 'Error', message: error.message };
		const { statusCode, statusMessage, body } = output[0].json as { statusCode: number; statusMessage: string; body: IDataObject };
		// As n8n's CredentialsTester: a failed request is matched against the `responseCode` rules first.
		if (statusCode < 200 || statusCode > 299) {
			for (const rule of zstackCredentialType.test!.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === statusCode) return { status: 'Error', message: rule.properties.message };
			}
			return { status: 'Error', message: statusMessage || `Received HTTP status code: ${statusCode}` };
		}
		for (const rule of zstackCredentialType.test!.rules ?? []) {
			if (rule.type === 'responseSuccessBody' && body?.[rule.properties.key] === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
		return { status: 'OK', message: 'Connection tested successfully' };
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
