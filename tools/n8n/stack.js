'use strict';
/*
 * The real thing for a person or a test: the ZStack simulator plus a real n8n (installed once into
 * the cache by install.js) with this package loaded, a "ZStack (simulator)" credential and the
 * example workflows from examples/ imported.
 */
const fs = require('node:fs');
const path = require('node:path');

const { startSimulator } = require('../../contract-tests/simulator');
const install = require('./install');
const { createN8n, ensureInstalled } = require('./runner');

const EXAMPLES_DIR = path.join(__dirname, '..', '..', 'examples');
const SIMULATOR_CREDENTIAL_ID = 'zstackSimulator1';

/**
 * @typedef {import('../../contract-tests/simulator').Simulator} Simulator
 * @typedef {Awaited<ReturnType<typeof createN8n>>} N8n
 * @typedef {import('./runner').CredentialImport} CredentialImport
 * @typedef {{ id: string, name: string, type: string, credentials?: Record<string, { id: string, name: string }> }} WorkflowNode
 * @typedef {{ id: string, name: string, nodes: WorkflowNode[], connections?: object }} Workflow
 * @typedef {'session' | 'account' | 'accessKey'} AuthType
 */

/** @returns {Workflow[]} the workflows in examples/ */
function readExamples() {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')));
}

/**
 * The example workflow with that id and its ZStack node.
 * @param {Workflow[]} examples
 * @param {string} id
 */
function exampleWithZStackNode(examples, id) {
	const workflow = examples.find((example) => example.id === id);
	const zstackNode = workflow?.nodes.find((node) => node.type === 'n8n-nodes-zstack.zStack');
	if (!workflow || !zstackNode) throw new Error(`examples/ has no workflow ${id} with a ZStack node`);
	return { workflow, zstackNode };
}

/**
 * The example workflow with that id or file name (without .json), e.g. `start-stopped-build-agents`.
 * @param {string} name
 * @returns {Workflow}
 */
function findExample(name) {
	const file = path.join(EXAMPLES_DIR, `${name}.json`);
	if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8'));
	const byId = readExamples().find((example) => example.id === name);
	if (byId) return byId;
	const names = fs.readdirSync(EXAMPLES_DIR).filter((entry) => entry.endsWith('.json')).map((entry) => entry.slice(0, -5));
	throw new Error(`examples/ has no workflow ${name}; there are: ${names.join(', ')}`);
}

/**
 * Starts the editor server with these workflows active: n8n activates the workflows published (2.x
 * `publish:workflow`, 1.x `update:workflow --active=true`) when it starts, and a polling trigger polls once at activation.
 * @param {N8n} n8n
 * @param {string[]} workflowIds
 */
async function startWithActiveWorkflows(n8n, workflowIds) {
	for (const id of workflowIds) {
		const command = install.N8N_VERSION.startsWith('1.') ? ['update:workflow', `--id=${id}`, '--active=true'] : ['publish:workflow', `--id=${id}`];
		const published = await n8n.cli(command);
		if (published.code !== 0) throw new Error(`${command.join(' ')} failed:\n${published.stdout.slice(-2000)}${published.stderr.slice(-2000)}`);
	}
	const server = await n8n.startServer();
	await n8n.setupOwner();
	return server;
}

/**
 * The run data of the first finished execution of a workflow whose id is not in `seen`, read through n8n's
 * REST API (execution data is stored in `flatted` form, parsed with n8n's own copy of flatted).
 * @param {N8n} n8n with a running server and an owner
 * @param {string} workflowId
 * @param {{ seen?: string[], timeoutMs?: number }} [options]
 * @returns {Promise<{ id: string, status: string, mode: string, runData: Record<string, any[]>, output: (node: string) => any[] }>}
 */
async function waitForExecution(n8n, workflowId, { seen = [], timeoutMs = 150_000 } = {}) {
	const flatted = require(path.join(install.installDir(), 'node_modules', 'flatted'));
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const list = await n8n.request('GET', `/rest/executions?filter=${filter}`);
		/** @type {{ id: string, finished: boolean, status: string }[]} */
		const results = list.body?.data?.results ?? [];
		const done = results.find((execution) => !seen.includes(execution.id) && ['success', 'error', 'crashed'].includes(execution.status));
		if (done) {
			const detail = await n8n.request('GET', `/rest/executions/${done.id}`);
			const runData = flatted.parse(detail.body.data.data).resultData.runData;
			return {
				id: done.id,
				status: done.status,
				mode: detail.body.data.mode,
				runData,
				output: (node) => (runData[node]?.[0]?.data?.main?.[0] ?? []).map((/** @type {{ json: unknown }} */ item) => item.json),
			};
		}
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	throw new Error(`no execution of ${workflowId} finished within ${timeoutMs / 1000} s`);
}

/**
 * Credential data for each sign-in method against a simulator.
 * @param {Simulator} sim
 * @param {AuthType} authType
 * @param {string} [session] a session UUID for 'session' (a new one by default)
 */
function simulatorCredential(sim, authType, session) {
	const credential = sim.credentialFor(authType);
	return authType === 'session' && session !== undefined ? { ...credential, sessionUuid: session } : credential;
}

/** @template T @param {string} _what @param {() => Promise<T>} work */
const silently = (_what, work) => work();

/**
 * The examples a kept user folder has not had yet, by their stable ids: each is imported once, so the
 * user's edits survive later starts (`npm start -- --fresh` brings the shipped ones back).
 * @param {string} userFolder
 * @param {Workflow[]} examples
 */
function examplesNotYetImported(userFolder, examples) {
	const record = path.join(userFolder, 'examples-imported.json');
	/** @type {string[]} */
	let imported = [];
	try {
		imported = JSON.parse(fs.readFileSync(record, 'utf8'));
	} catch {
		/* first start */
	}
	return {
		missing: examples.filter((example) => !imported.includes(example.id)),
		/** @param {Workflow[]} added */
		remember: (added) => fs.writeFileSync(record, JSON.stringify([...imported, ...added.map((example) => example.id)], null, 2)),
	};
}

/**
 * Starts a simulator and an n8n instance wired to it.
 * options: simulator (startSimulator options), authType ('account' by default: it survives
 * session expiry, as the README recommends), extraCredentials, extraWorkflows, env (for every n8n process), verbose,
 * userFolder (n8n's data kept there between starts, see createN8n; the examples are imported once),
 * step (runs each slow step: `npm start` says what it does and how long it took).
 * @param {{
 *   simulator?: import('../../contract-tests/simulator').SimulatorOptions,
 *   authType?: AuthType,
 *   extraCredentials?: ((sim: Simulator) => CredentialImport)[],
 *   extraWorkflows?: Workflow[],
 *   env?: NodeJS.ProcessEnv,
 *   verbose?: boolean,
 *   userFolder?: string,
 *   step?: <T>(what: string, work: () => Promise<T>) => Promise<T>,
 * }} [options]
 */
async function startStack(options = {}) {
	const step = options.step ?? silently;
	await ensureInstalled();
	const sim = await startSimulator({ port: 0, ...options.simulator });
	/** @type {N8n | undefined} */
	let n8n;
	try {
		const instance = await step('loading this package into n8n (npm pack)', () =>
			createN8n({ verbose: options.verbose, env: options.env, userFolder: options.userFolder }),
		);
		n8n = instance;
		await step('importing the "ZStack (simulator)" credential (n8n import:credentials)', () =>
			instance.importCredentials([
				{
					id: SIMULATOR_CREDENTIAL_ID,
					name: 'ZStack (simulator)',
					type: 'zStackApi',
					data: simulatorCredential(sim, options.authType ?? 'account'),
				},
				...(options.extraCredentials ?? []).map((make) => make(sim)),
			]),
		);
		const examples = readExamples();
		const kept = options.userFolder ? examplesNotYetImported(instance.userFolder, examples) : null;
		const toImport = [...(kept ? kept.missing : examples), ...(options.extraWorkflows ?? [])];
		if (toImport.length) {
			await step(`importing ${toImport.length} example workflows (n8n import:workflow)`, () => instance.importWorkflows(toImport));
			kept?.remember(kept.missing);
		}
		return {
			sim,
			n8n,
			examples,
			async stop() {
				await instance.stop();
				await sim.stop();
			},
		};
	} catch (error) {
		if (n8n) await n8n.stop();
		await sim.stop();
		throw error;
	}
}

/**
 * The start of a generated workflow: a Manual Trigger and a Code node named `codeName` that returns `jsCode`'s items.
 * @param {{ id: string, codeName: string, jsCode: string, y?: number }} options
 */
function manualTriggerWithItems({ id, codeName, jsCode, y = 0 }) {
	return [
		{ id: `${id}-trigger`, name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, y], parameters: {} },
		{ id: `${id}-code`, name: codeName, type: 'n8n-nodes-base.code', typeVersion: 2, position: [240, y], parameters: { jsCode } },
	];
}

/**
 * A ZStack node of a generated workflow that binds each item's `model` (read by expression) to `service`.
 * @param {{ id: string, name: string, credential: string, service: string, row: number, options?: Record<string, unknown> }} options
 */
function bindEachModelNode({ id, name, credential, service, row, options = {} }) {
	return {
		id,
		name,
		type: 'n8n-nodes-zstack.zStack',
		typeVersion: 1,
		position: [480, row * 200],
		credentials: { zStackApi: { id: credential, name: credential } },
		parameters: {
			resource: 'model',
			operation: 'bindToService',
			modelUuid: { __rl: true, mode: 'id', value: '={{ $json.model }}' },
			modelServiceUuid: { __rl: true, mode: 'id', value: service },
			additionalFields: {},
			options,
		},
	};
}

module.exports = {
	startStack,
	manualTriggerWithItems,
	bindEachModelNode,
	readExamples,
	findExample,
	exampleWithZStackNode,
	simulatorCredential,
	startWithActiveWorkflows,
	waitForExecution,
	SIMULATOR_CREDENTIAL_ID,
};
