// @ts-check
'use strict';

/**
 * Input → <node> in n8n-core's WorkflowExecute, as contract-tests/harness/workflow.ts does it, in plain
 * CommonJS so the benchmark needs no TypeScript at run time. The credentials helper keeps decrypted data in
 * memory and runs the credential type's `authenticate` and `preAuthentication` the way n8n's does.
 */

const { ExecutionLifecycleHooks, WorkflowExecute } = require('n8n-core');
const { createRunExecutionData, ICredentialsHelper, NodeConnectionTypes, Workflow } = require('n8n-workflow');

const INPUT_NODE = 'bench.input';

/**
 * A trigger-like first node that emits the given items.
 * @param {object[]} items
 * @returns {import('n8n-workflow').INodeType}
 */
function inputNodeType(items) {
	return {
		description: {
			displayName: 'Bench Input',
			name: 'input',
			group: ['trigger'],
			version: 1,
			description: 'Emits the bench items',
			defaults: { name: 'Input' },
			inputs: [],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		},
		async execute() {
			return [items.map((json) => ({ json }))];
		},
	};
}

class MemoryCredentialsHelper extends ICredentialsHelper {
	/** @param {import('n8n-workflow').ICredentialType} type */
	constructor(type) {
		super();
		this.type = type;
		/** @type {Map<string, import('n8n-workflow').ICredentialDataDecryptedObject>} */
		this.store = new Map();
		/** How often a node read (and, in n8n, would have decrypted) the credential. */
		this.reads = 0;
	}
	getParentTypes() {
		return [];
	}
	isCredentialUsableByNode() {
		return true;
	}
	/** @param {any} credentials @param {string} _typeName @param {any} requestOptions */
	async authenticate(credentials, _typeName, requestOptions) {
		return await /** @type {any} */ (this.type).authenticate(credentials, requestOptions);
	}
	/** @param {any} helpers @param {any} credentials @param {string} _typeName @param {any} node @param {boolean} expired */
	async preAuthentication(helpers, credentials, _typeName, node, expired) {
		const expirable = this.type.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable);
		if (!expirable || typeof this.type.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !expired) return undefined;
		const output = await this.type.preAuthentication.call(helpers, credentials);
		// As n8n's CredentialsHelper: only an output holding the expirable field is stored.
		if (output[expirable.name] === undefined) return undefined;
		Object.assign(credentials, output);
		this.store.set(node.credentials[this.type.name].id, structuredClone(credentials));
		return credentials;
	}
	async runPreAuthentication() {
		return undefined;
	}
	/** @returns {Promise<any>} */
	async getCredentials() {
		throw new Error('not used');
	}
	/** @param {unknown} _additionalData @param {{ id: string }} nodeCredentials */
	async getDecrypted(_additionalData, nodeCredentials) {
		this.reads += 1;
		const data = this.store.get(nodeCredentials.id);
		if (!data) throw new Error(`No stored credential ${nodeCredentials.id}`);
		return structuredClone(data);
	}
	async updateCredentials() {}
	async updateCredentialsOauthTokenData() {}
	getCredentialsProperties() {
		return this.type.properties;
	}
}

/**
 * @param {{
 *   nodeType: import('n8n-workflow').INodeType,
 *   nodeTypeName: string,
 *   credentials: MemoryCredentialsHelper,
 *   parameters: import('n8n-workflow').INodeParameters,
 *   items: object[],
 *   continueOnFail?: boolean,
 * }} options
 * @returns {Promise<{ output: import('n8n-workflow').INodeExecutionData[], error?: Error, run: import('n8n-workflow').IRun }>}
 */
async function runWorkflow({ nodeType, nodeTypeName, credentials, parameters, items, continueOnFail = false }) {
	const input = inputNodeType(items);
	/** @type {import('n8n-workflow').INodeTypes} */
	const nodeTypes = {
		getByName: (type) => (type === INPUT_NODE ? input : nodeType),
		getByNameAndVersion: (type) => (type === INPUT_NODE ? input : nodeType),
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({
		id: 'bench',
		name: 'bench',
		active: false,
		nodeTypes,
		nodes: [
			{ id: 'input', name: 'Input', type: INPUT_NODE, typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'target',
				name: 'Target',
				type: nodeTypeName,
				typeVersion: 1,
				position: [200, 0],
				parameters,
				continueOnFail,
				credentials: { [credentials.type.name]: { id: 'bench', name: 'bench' } },
			},
		],
		connections: { Input: { main: [[{ node: 'Target', type: NodeConnectionTypes.Main, index: 0 }]] } },
	});
	const hooks = new ExecutionLifecycleHooks('manual', 'bench-execution', /** @type {any} */ ({
		id: 'bench',
		name: 'bench',
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		nodes: Object.values(workflow.nodes),
		connections: workflow.connectionsBySourceNode,
	}));
	/** @type {(run: import('n8n-workflow').IRun) => void} */
	let finish = () => undefined;
	/** @type {Promise<import('n8n-workflow').IRun>} */
	const finished = new Promise((resolve) => (finish = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => finish(run));
	const additionalData = /** @type {any} */ ({
		hooks,
		credentialsHelper: credentials,
		executionId: 'bench-execution',
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		webhookBaseUrl: 'http://localhost:5678/webhook/',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting/',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test/',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting/',
		variables: {},
		currentNodeParameters: undefined,
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		getRunExecutionData: async () => undefined,
		logAiEvent: () => undefined,
		startRunnerTask: async () => {
			throw new Error('not used');
		},
	});
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: /** @type {any} */ (workflow.getNode('Input')), data: { main: [[{ json: {} }]] }, source: null }],
		},
	});
	await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow);
	const run = await finished;
	const taskData = run.data.resultData.runData.Target?.[0];
	return {
		output: taskData?.data?.main?.[0] ?? [],
		error: /** @type {Error | undefined} */ (taskData?.error ?? run.data.resultData.error),
		run,
	};
}

module.exports = { MemoryCredentialsHelper, runWorkflow };
