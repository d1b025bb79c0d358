'use strict';
/*
 * The workflows that put the ZStack node in front of models: an AI Agent (OpenAI Chat Model node pointed at
 * a stand-in model) and n8n's MCP Server Trigger, each with the same ZStack tools. Both set
 * `executionOrder: 'v1'`: with the legacy order n8n 2.41.1 resumes an Agent before its tool has run.
 */

const ZSTACK_TOOL = 'n8n-nodes-zstack.zStackTool';

/** Tool names as the model and the MCP client see them: n8n's tool name is the node's name (nodeNameToToolName). */
const TOOLS = { bind: 'bind_model', find: 'find_models', job: 'get_job' };

/**
 * @param {string} name
 * @param {string} credentialId
 * @param {Record<string, unknown>} parameters
 * @param {[number, number]} position
 */
function zstackTool(name, credentialId, parameters, position) {
	return {
		id: `${name}-tool`,
		name,
		type: ZSTACK_TOOL,
		typeVersion: 1,
		position,
		credentials: { zStackApi: { id: credentialId, name: credentialId } },
		parameters,
	};
}

/**
 * The ZStack tools a model gets: bind, find models by vendor, follow a job. Parameters the model fills are
 * `$fromAI` with a description, as docs/ai-agents.md shows.
 * @param {string} credentialId
 * @param {{ toolTimeout: number }} options
 */
function zstackTools(credentialId, { toolTimeout }) {
	const uuidFromAI = (/** @type {string} */ key, /** @type {string} */ what) => ({
		__rl: true,
		mode: 'id',
		value: `={{ $fromAI('${key}', 'The ${what}: its ZStack UUID, 32 hex characters', 'string') }}`,
	});
	return [
		zstackTool(
			TOOLS.bind,
			credentialId,
			{
				resource: 'model',
				operation: 'bindToService',
				modelUuid: uuidFromAI('modelUuid', 'model to bind'),
				modelServiceUuid: uuidFromAI('modelServiceUuid', 'model service to bind the model to'),
				additionalFields: {},
				options: { toolTimeout, pollInterval: 0.2 },
			},
			[600, 300],
		),
		zstackTool(
			TOOLS.find,
			credentialId,
			{
				resource: 'model',
				operation: 'getAll',
				filters: {
					conditions: [
						{ field: 'vendor', operator: 'equals', value: "={{ $fromAI('vendor', 'The vendor whose models to list, e.g. Alibaba', 'string') }}" },
					],
				},
				returnAll: false,
				limit: 10,
			},
			[760, 300],
		),
		zstackTool(
			TOOLS.job,
			credentialId,
			{
				resource: 'job',
				operation: 'get',
				jobUuid: "={{ $fromAI('jobUuid', 'The UUID of the ZStack job to look up, as a ZStack tool answered it (jobUuid)', 'string') }}",
			},
			[920, 300],
		),
	];
}

/** @param {string[]} toolNames @param {string} target */
function toolConnections(toolNames, target) {
	return Object.fromEntries(toolNames.map((name) => [name, { ai_tool: [[{ node: target, type: 'ai_tool', index: 0 }]] }]));
}

/**
 * Manual Trigger → AI Agent (v3.1) with the OpenAI Chat Model node (Chat Completions) on `openAiCredentialId`.
 * @param {{ id: string, zstackCredentialId: string, openAiCredentialId: string, toolTimeout: number }} options
 */
function agentWorkflow({ id, zstackCredentialId, openAiCredentialId, toolTimeout }) {
	const tools = zstackTools(zstackCredentialId, { toolTimeout });
	return {
		id,
		name: 'ZStack tools for an AI Agent',
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: `${id}-trigger`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: `${id}-agent`,
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 3.1,
				position: [300, 0],
				parameters: { promptType: 'define', text: 'Do what the operator asked with the ZStack tools.', options: {} },
			},
			{
				id: `${id}-model`,
				name: 'Stand-in model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.2,
				position: [300, 300],
				credentials: { openAiApi: { id: openAiCredentialId, name: openAiCredentialId } },
				parameters: { model: { __rl: true, mode: 'id', value: 'stand-in' }, options: { maxRetries: 0 } },
			},
			...tools,
		],
		connections: {
			Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'Stand-in model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
			...toolConnections(
				tools.map((tool) => tool.name),
				'AI Agent',
			),
		},
	};
}

/**
 * The MCP Server Trigger (v2: Streamable HTTP at /mcp/<path>) serving the ZStack tools.
 * @param {{ id: string, path: string, zstackCredentialId: string, toolTimeout: number }} options
 */
function mcpWorkflow({ id, path, zstackCredentialId, toolTimeout }) {
	const tools = zstackTools(zstackCredentialId, { toolTimeout });
	return {
		id,
		name: 'ZStack tools over MCP',
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${id}-trigger`,
				name: 'MCP Server Trigger',
				type: '@n8n/n8n-nodes-langchain.mcpTrigger',
				typeVersion: 2,
				position: [300, 0],
				webhookId: `${id}-webhook`,
				parameters: { path, authentication: 'none' },
			},
			...tools,
		],
		connections: toolConnections(
			tools.map((tool) => tool.name),
			'MCP Server Trigger',
		),
	};
}

module.exports = { agentWorkflow, mcpWorkflow, TOOLS };
