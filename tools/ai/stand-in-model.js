'use strict';
/*
 * A stand-in for an OpenAI-compatible chat model on loopback, for n8n's OpenAI Chat Model node (Chat
 * Completions, `POST <base>/chat/completions`, not streamed). It follows a script instead of thinking: asked
 * by an Agent that has not yet called a tool, it calls the one the script names with the script's arguments;
 * once the conversation holds that tool's result, it keeps what it read and answers "done". Every request is
 * kept, so a test sees the tools the Agent offered (names, descriptions, parameter schemas) and what each
 * tool call returned to the model.
 */
const http = require('node:http');

/**
 * @typedef {{ role: string, content?: string | null, tool_call_id?: string, tool_calls?: unknown[] }} ChatMessage
 * @typedef {{ type: 'function', function: { name: string, description?: string, parameters?: any } }} ChatTool
 * @typedef {{ model: string, messages: ChatMessage[], tools?: ChatTool[] }} ChatRequest
 * @typedef {{ tool: string, args: Record<string, unknown> }} ToolCallScript
 */

/** @param {http.ServerResponse} res @param {number} status @param {unknown} body */
function sendJson(res, status, body) {
	res.writeHead(status, { 'Content-Type': 'application/json' });
	res.end(JSON.stringify(body));
}

/** @param {ChatRequest} request @param {Partial<{ content: string | null, tool_calls: unknown[] }>} message */
function completion(request, message) {
	return {
		id: `chatcmpl-standin-${Date.now()}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: request.model,
		choices: [
			{ index: 0, message: { role: 'assistant', content: null, ...message }, finish_reason: message.tool_calls ? 'tool_calls' : 'stop' },
		],
		usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
	};
}

/**
 * Starts the stand-in model. `script(next)` sets the tool call of the next conversation; `toolResults` are the
 * tool messages the model received, in order; `requests` every chat request.
 */
async function startStandInModel() {
	/** @type {ToolCallScript | undefined} */
	let next;
	/** @type {ChatRequest[]} */
	const requests = [];
	/** @type {{ tool: string, content: string }[]} */
	const toolResults = [];
	let calls = 0;

	const server = http.createServer((req, res) => {
		let text = '';
		req.on('data', (chunk) => (text += chunk));
		req.on('end', () => {
			if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) return sendJson(res, 404, { error: { message: `no ${req.method} ${req.url}` } });
			/** @type {ChatRequest} */
			const request = JSON.parse(text);
			requests.push(request);
			const last = request.messages.at(-1);
			if (last?.role === 'tool') {
				const asked = request.messages.flatMap((message) => message.tool_calls ?? []).find((call) => /** @type {any} */ (call).id === last.tool_call_id);
				toolResults.push({ tool: /** @type {any} */ (asked)?.function?.name ?? '', content: String(last.content ?? '') });
				return sendJson(res, 200, completion(request, { content: 'done' }));
			}
			if (!next) return sendJson(res, 200, completion(request, { content: 'no tool call was scripted' }));
			const offered = (request.tools ?? []).map((tool) => tool.function.name);
			if (!offered.includes(next.tool)) {
				return sendJson(res, 200, completion(request, { content: `the Agent offers no tool ${next.tool}, only ${offered.join(', ')}` }));
			}
			const call = { id: `call_${++calls}`, type: 'function', function: { name: next.tool, arguments: JSON.stringify(next.args) } };
			next = undefined;
			return sendJson(res, 200, completion(request, { tool_calls: [call] }));
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
	return {
		/** The base URL an OpenAI credential's `url` takes. */
		url: `http://127.0.0.1:${port}/v1`,
		requests,
		toolResults,
		/** @param {ToolCallScript} toolCall */
		script(toolCall) {
			next = toolCall;
		},
		stop: () => new Promise((resolve) => server.close(() => resolve(undefined))),
	};
}

module.exports = { startStandInModel };
