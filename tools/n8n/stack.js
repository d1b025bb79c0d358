'use strict';
/*
 * The real thing for a person or a test: the ZStack simulator plus a real n8n (installed once into
 * the cache by install.js) with this package loaded, a "ZStack (simulator)" credential and the
 * example workflows from examples/ imported.
 */
const fs = require('node:fs');
const path = require('node:path');

const { startSimulator } = require('../../contract-tests/simulator');
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
 * Credential data for each sign-in method against a simulator.
 * @param {Simulator} sim
 * @param {AuthType} authType
 * @param {string} [session] a session UUID for 'session' (a new one by default)
 */
function simulatorCredential(sim, authType, session) {
	const credential = sim.credentialFor(authType);
	return authType === 'session' && session !== undefined ? { ...credential, sessionUuid: session } : credential;
}

/**
 * Starts a simulator and an n8n instance wired to it.
 * options: simulator (startSimulator options), authType ('account' by default: it survives
 * session expiry, as the README recommends), extraCredentials, extraWorkflows, env (for every n8n process), verbose.
 * @param {{
 *   simulator?: import('../../contract-tests/simulator').SimulatorOptions,
 *   authType?: AuthType,
 *   extraCredentials?: ((sim: Simulator) => CredentialImport)[],
 *   extraWorkflows?: Workflow[],
 *   env?: NodeJS.ProcessEnv,
 *   verbose?: boolean,
 * }} [options]
 */
async function startStack(options = {}) {
	await ensureInstalled();
	const sim = await startSimulator({ port: 0, ...options.simulator });
	/** @type {N8n | undefined} */
	let n8n;
	try {
		const instance = await createN8n({ verbose: options.verbose, env: options.env });
		n8n = instance;
		await n8n.importCredentials([
			{
				id: SIMULATOR_CREDENTIAL_ID,
				name: 'ZStack (simulator)',
				type: 'zStackApi',
				data: simulatorCredential(sim, options.authType ?? 'account'),
			},
			...(options.extraCredentials ?? []).map((make) => make(sim)),
		]);
		const examples = readExamples();
		await n8n.importWorkflows([...examples, ...(options.extraWorkflows ?? [])]);
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

module.exports = { startStack, readExamples, exampleWithZStackNode, simulatorCredential, SIMULATOR_CREDENTIAL_ID };
