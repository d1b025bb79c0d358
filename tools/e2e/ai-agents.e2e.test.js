'use strict';
/*
 * End-to-end: the ZStack node as a tool in a real n8n 2.41.1, for an AI Agent (v3.1, the OpenAI Chat Model node
 * pointed at a stand-in model on loopback that scripts its tool calls) and for n8n's MCP Server Trigger (the
 * official MCP TypeScript SDK client over Streamable HTTP). What the model and the client receive is what is
 * checked: tools described, a bind, a ZStack error, nothing found, a job that outlasts the Tool Timeout.
 */
const assert = require('node:assert/strict');
const { after, before, describe, test } = require('node:test');

const { startAiStack, followJobOverMcp, TOOLS, LONG_JOB_MS, MCP_CLIENT_TIMEOUT_MS, TOOL_TIMEOUT_S } = require('../ai/scenarios');
const { N8N_VERSION } = require('../n8n/install');

/** A model service UUID ZStack does not know. */
const UNKNOWN_SERVICE = 'deadbeefdeadbeefdeadbeefdeadbeef';

/** AI Agent 3.1, the MCP Server Trigger and `n8n publish:workflow` are n8n 2.x's. */
const needsN8n2 = N8N_VERSION.startsWith('1.') && `n8n ${N8N_VERSION} has no AI Agent 3.1 or MCP Server Trigger (n8n 2.x nodes)`;

describe('the ZStack node as a tool: an AI Agent and an MCP client in a real n8n', { skip: needsN8n2 }, () => {
	/** @type {Awaited<ReturnType<typeof startAiStack>>} */
	let stack;
	/** @type {readonly string[]} */
	let models;
	/** @type {readonly string[]} */
	let services;

	before(async () => {
		stack = await startAiStack();
		({ models, modelServices: services } = stack.seed);
	});

	after(async () => {
		await stack?.stop();
	});

	test('the tools reach the MCP client and the model with their descriptions and described parameters', async () => {
		const listed = await stack.listMcpTools();
		const bind = listed.find((tool) => tool.name === TOOLS.bind);
		assert.equal(bind?.description, 'Bind model to service in ZStack');
		const parameters = /** @type {Record<string, { description?: string }>} */ (bind?.inputSchema.properties);
		assert.match(String(parameters.modelUuid?.description), /model to bind: its ZStack UUID, 32 hex/);
		assert.equal(listed.find((tool) => tool.name === TOOLS.job)?.description, 'Get job in ZStack');

		await stack.askAgent(TOOLS.find, { vendor: 'Alibaba' });
		const offered = stack.model.requests.at(-2)?.tools ?? [];
		assert.deepEqual(offered.map((tool) => tool.function.name).sort(), Object.values(TOOLS).sort());
		const jobTool = offered.find((tool) => tool.function.name === TOOLS.job);
		assert.match(String(jobTool?.function.parameters?.properties?.jobUuid?.description), /UUID of the ZStack job/);
	});

	test('a bind: ZStack binds once, and the model and the client receive the simplified model service', async () => {
		const viaAgent = JSON.parse(await stack.askAgent(TOOLS.bind, { modelUuid: models[0], modelServiceUuid: services[0] }));
		const viaMcp = await stack.callMcp(TOOLS.bind, { modelUuid: models[2], modelServiceUuid: services[0] });

		// Simplified, as a tool's outputs are by default: no readme, yaml or binding records.
		assert.deepEqual(viaAgent, [
			{ uuid: services[0], name: 'text to text model service', type: 'LLM', framework: 'vLLM', modelUuids: [models[0]] },
		]);
		assert.equal(viaMcp.isError, false);
		assert.deepEqual(JSON.parse(String(viaMcp.text))[0].modelUuids, [models[0], models[2]]);
		assert.equal(stack.bindsOf(models[0], services[0]).length, 1);
		assert.equal(stack.bindsOf(models[2], services[0]).length, 1);
	});

	test("a ZStack error: its code, details and cause reach the model and the client, without \"Item 0\"", async () => {
		const expected = [
			'ZStack error SYS.1003: Resource not found',
			`unable to bind model[uuid:${models[0]}] and model service[uuid:${UNKNOWN_SERVICE}]`,
			'Caused by SYS.1003: Resource not found',
			`cannot find ModelServiceVO[uuid:${UNKNOWN_SERVICE}]`,
		].join('\n');

		const viaAgent = JSON.parse(await stack.askAgent(TOOLS.bind, { modelUuid: models[0], modelServiceUuid: UNKNOWN_SERVICE }));
		const viaMcp = await stack.callMcp(TOOLS.bind, { modelUuid: models[0], modelServiceUuid: UNKNOWN_SERVICE });

		assert.deepEqual(viaAgent, [{ error: expected }]);
		assert.deepEqual(viaMcp, { text: `NodeOperationError: ${expected}`, isError: true, ms: viaMcp.ms });
	});

	test('nothing found is said, with what was asked', async () => {
		const said = [
			{
				found: 0,
				message:
					"Nothing matched: ZStack found nothing for GET /v1/ai/models with the conditions vendor=Nobody. The call succeeded; there is nothing there, or the credential's account cannot see it.",
			},
		];

		const viaAgent = JSON.parse(await stack.askAgent(TOOLS.find, { vendor: 'Nobody' }));
		const viaMcp = await stack.callMcp(TOOLS.find, { vendor: 'Nobody' });

		assert.deepEqual(viaAgent, said);
		assert.equal(viaMcp.isError, false);
		assert.deepEqual(JSON.parse(String(viaMcp.text)), said);
	});

	test('a long job: its UUID comes back at the Tool Timeout, before the client gives up; a retry binds nothing more; Job → Get follows it to its end', async () => {
		stack.sim.configure({ jobDurationMs: LONG_JOB_MS });
		try {
			const longJob = { modelUuid: models[1], modelServiceUuid: services[0] };

			const answer = await stack.callMcp(TOOLS.bind, longJob, { timeout: MCP_CLIENT_TIMEOUT_MS });
			const retried = await stack.callMcp(TOOLS.bind, longJob, { timeout: MCP_CLIENT_TIMEOUT_MS });

			assert.equal(answer.clientError, undefined, 'the client did not time out');
			assert.ok(answer.ms >= TOOL_TIMEOUT_S * 1000, `answered after ${answer.ms} ms, not before the Tool Timeout`);
			const [running] = JSON.parse(String(answer.text));
			assert.equal(running.status, 'running');
			assert.match(running.jobUuid, /^[0-9a-f]{32}$/);
			assert.match(running.message, /Job → Get/);
			assert.equal(JSON.parse(String(retried.text))[0].jobUuid, running.jobUuid, 'the retry is answered with the same job');

			const followed = await followJobOverMcp(stack, running.jobUuid);
			const [ended] = JSON.parse(String(followed.at(-1)?.text));
			assert.equal(ended.status, 'succeeded');
			assert.equal(ended.result.inventory.uuid, services[0]);
			assert.equal(stack.bindsOf(longJob.modelUuid, longJob.modelServiceUuid).length, 1, 'one bind on ZStack');

			const viaAgent = JSON.parse(await stack.askAgent(TOOLS.bind, { modelUuid: models[0], modelServiceUuid: services[2] }));
			assert.equal(viaAgent[0].status, 'running');
			assert.match(viaAgent[0].jobUuid, /^[0-9a-f]{32}$/);
		} finally {
			stack.sim.configure({ jobDurationMs: 0 });
		}
	});
});
