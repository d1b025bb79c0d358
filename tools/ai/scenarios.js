'use strict';
/*
 * The ZStack node as a tool in a real n8n, seen from the model's and the MCP client's side: a ZStack simulator,
 * a stand-in model, n8n with an AI Agent workflow and an MCP Server Trigger workflow (published, served by
 * `n8n start`), and the official MCP TypeScript SDK client. Each scenario returns what the model or the client
 * received; tools/e2e/ai-agents.e2e.test.js asserts on it, and `node tools/ai/record.js` prints it.
 */
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const { StreamableHTTPClientTransport } = require('@modelcontextprotocol/sdk/client/streamableHttp.js');

const { startSimulator } = require('../../contract-tests/simulator');
const { createN8n, ensureInstalled } = require('../n8n/runner');
const { startStandInModel } = require('./stand-in-model');
const { agentWorkflow, mcpWorkflow, TOOLS } = require('./workflows');

const AGENT_WORKFLOW = 'zstackAiAgentTools1';
const MCP_WORKFLOW = 'zstackMcpTools1';
const MCP_PATH = 'zstack-tools';
/** Short, so that a long job is a few seconds long in a test; users keep the 45 s default. */
const TOOL_TIMEOUT_S = 3;
/** The job a long job scenario starts runs this long: past the Tool Timeout and past the MCP client's timeout below. */
const LONG_JOB_MS = 12000;
/** The MCP client's request timeout in the long-job scenario (the SDK's default is 60 s, scaled down as the job is). */
const MCP_CLIENT_TIMEOUT_MS = 8000;

/**
 * The MCP client, connected over Streamable HTTP once n8n has activated the trigger's workflow (n8n activates
 * published workflows in the background after it reports ready; until then the webhook answers 404).
 * @param {URL} url
 */
async function connectMcp(url) {
	const deadline = Date.now() + 120_000;
	for (;;) {
		const client = new Client({ name: 'n8n-nodes-zstack e2e', version: '1.0.0' });
		try {
			await client.connect(new StreamableHTTPClientTransport(url));
			return client;
		} catch (error) {
			await client.close().catch(() => undefined);
			if (!/not registered/.test(String(error)) || Date.now() > deadline) throw error;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}
}

/**
 * Starts everything; `packageDir` chooses the build of the node n8n loads (default: this checkout's).
 * @param {{ packageDir?: string, verbose?: boolean }} [options]
 */
async function startAiStack({ packageDir, verbose } = {}) {
	await ensureInstalled();
	const sim = await startSimulator({ port: 0, replyMode: 'async', jobPolls: 1 });
	const model = await startStandInModel();
	/** @type {Awaited<ReturnType<typeof createN8n>> | undefined} */
	let n8n;
	/** @type {InstanceType<typeof Client> | undefined} */
	let mcp;
	try {
		n8n = await createN8n({ verbose, ...(packageDir ? { packageDir } : {}) });
		await n8n.importCredentials([
			{ id: 'zstackAgentCredential', name: 'ZStack (least privilege)', type: 'zStackApi', data: sim.credentialFor('account') },
			{ id: 'standInModel', name: 'Stand-in model', type: 'openAiApi', data: { apiKey: 'sk-stand-in', url: model.url } },
		]);
		const common = { zstackCredentialId: 'zstackAgentCredential', toolTimeout: TOOL_TIMEOUT_S };
		await n8n.importWorkflows([
			agentWorkflow({ id: AGENT_WORKFLOW, openAiCredentialId: 'standInModel', ...common }),
			mcpWorkflow({ id: MCP_WORKFLOW, path: MCP_PATH, ...common }),
		]);
		const published = await n8n.cli(['publish:workflow', `--id=${MCP_WORKFLOW}`]);
		if (published.code !== 0) throw new Error(`publish:workflow failed:\n${published.stdout.slice(-2000)}${published.stderr.slice(-2000)}`);
		const { url } = await n8n.startServer();
		mcp = await connectMcp(new URL(`${url}/mcp/${MCP_PATH}`));
	} catch (error) {
		await mcp?.close().catch(() => undefined);
		await n8n?.stop();
		await model.stop();
		await sim.stop();
		throw error;
	}
	const instance = n8n;
	const client = mcp;
	/** @param {string} model @param {string} service the binds ZStack received for this pair */
	const bindsOf = (model, service) =>
		sim.requests.filter((request) => request.method === 'POST' && request.path === `/zstack/v1/ai/models/${model}/model-services/${service}`);

	/**
	 * One Agent conversation in which the model calls `tool` with `args`: what the tool returned to the model.
	 * @param {string} tool @param {Record<string, unknown>} args
	 */
	async function askAgent(tool, args) {
		model.script({ tool, args });
		const before = model.toolResults.length;
		const run = await instance.execute(AGENT_WORKFLOW);
		if (!run.ok) throw new Error(`the Agent workflow failed: ${JSON.stringify(run.error).slice(0, 1000)}`);
		const received = model.toolResults.slice(before);
		if (received.length !== 1) throw new Error(`the model received ${received.length} tool results; the Agent answered ${JSON.stringify(run.output('AI Agent'))}`);
		return received[0].content;
	}

	/**
	 * One MCP tool call: the text the client received and whether it is marked an error, or the client's own error.
	 * @param {string} tool @param {Record<string, unknown>} args @param {{ timeout?: number }} [options]
	 */
	async function callMcp(tool, args, options = {}) {
		const started = Date.now();
		try {
			const result = /** @type {{ content: { type: string, text: string }[], isError?: boolean }} */ (
				await client.callTool({ name: tool, arguments: args }, undefined, options)
			);
			return { text: result.content.map((part) => part.text).join('\n'), isError: result.isError === true, ms: Date.now() - started };
		} catch (error) {
			return { clientError: /** @type {Error} */ (error).message, ms: Date.now() - started };
		}
	}

	return {
		sim,
		model,
		n8n: instance,
		seed: sim.seed,
		bindsOf,
		askAgent,
		callMcp,
		listMcpTools: async () => (await client.listTools()).tools,
		async stop() {
			await client.close().catch(() => undefined);
			await instance.stop();
			await model.stop();
			await sim.stop();
		},
	};
}

/**
 * Asks for a job with the Job → Get tool over MCP until it has ended: every answer, in order.
 * @param {Awaited<ReturnType<typeof startAiStack>>} stack @param {string} jobUuid
 */
async function followJobOverMcp(stack, jobUuid) {
	const answers = [];
	for (let asked = 0; asked < 60; asked++) {
		const answer = await stack.callMcp(TOOLS.job, { jobUuid });
		answers.push(answer);
		if (!answer.text?.includes('"status":"running"')) return answers;
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	return answers;
}

module.exports = { startAiStack, followJobOverMcp, TOOLS, LONG_JOB_MS, MCP_CLIENT_TIMEOUT_MS, TOOL_TIMEOUT_S };
