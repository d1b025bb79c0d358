'use strict';
/*
 * Writes, as JSON, what a model (through n8n's AI Agent) and an MCP client received from the ZStack tools for a
 * bind, a ZStack error, nothing found and a long job. `node tools/ai/record.js <out.json> [packageDir]`:
 * packageDir is a built checkout of the node (default: this one), so an older build can be compared with this one.
 */
const fs = require('node:fs');

const { startAiStack, followJobOverMcp, TOOLS, LONG_JOB_MS, MCP_CLIENT_TIMEOUT_MS } = require('./scenarios');

const UNKNOWN_SERVICE = 'deadbeefdeadbeefdeadbeefdeadbeef';

async function main() {
	const [out, packageDir] = process.argv.slice(2);
	if (!out) throw new Error('usage: node tools/ai/record.js <out.json> [packageDir]');
	const stack = await startAiStack({ packageDir });
	const { models, modelServices } = stack.seed;
	const bindArgs = (/** @type {number} */ model, /** @type {string} */ service) => ({ modelUuid: models[model], modelServiceUuid: service });
	/** @type {Record<string, any>} */
	const record = { tools: {}, agent: {}, mcp: {}, bindsSent: {} };
	try {
		record.tools = (await stack.listMcpTools()).map(({ name, description, inputSchema }) => ({ name, description, inputSchema }));
		record.agent.bind = await stack.askAgent(TOOLS.bind, bindArgs(0, modelServices[0]));
		record.agent.error = await stack.askAgent(TOOLS.bind, bindArgs(0, UNKNOWN_SERVICE));
		record.agent.nothingFound = await stack.askAgent(TOOLS.find, { vendor: 'Nobody' });
		record.mcp.bind = await stack.callMcp(TOOLS.bind, bindArgs(2, modelServices[0]));
		record.mcp.error = await stack.callMcp(TOOLS.bind, bindArgs(0, UNKNOWN_SERVICE));
		record.mcp.nothingFound = await stack.callMcp(TOOLS.find, { vendor: 'Nobody' });
		stack.sim.configure({ jobDurationMs: LONG_JOB_MS });
		record.agent.longJob = await stack.askAgent(TOOLS.bind, bindArgs(0, modelServices[2]));
		const longJob = bindArgs(1, modelServices[0]);
		record.mcp.longJob = await stack.callMcp(TOOLS.bind, longJob, { timeout: MCP_CLIENT_TIMEOUT_MS });
		record.mcp.longJobRetried = await stack.callMcp(TOOLS.bind, longJob, { timeout: MCP_CLIENT_TIMEOUT_MS });
		const jobUuid = /"jobUuid":"([0-9a-f]{32})"/.exec(record.mcp.longJob.text ?? '')?.[1];
		if (jobUuid) record.mcp.followed = await followJobOverMcp(stack, jobUuid);
		record.bindsSent = { mcpLongJob: stack.bindsOf(longJob.modelUuid, longJob.modelServiceUuid).length };
	} finally {
		await stack.stop();
	}
	fs.writeFileSync(out, `${JSON.stringify(record, null, 2)}\n`);
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exitCode = 1;
});
