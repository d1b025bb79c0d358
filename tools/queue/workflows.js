'use strict';
/*
 * The workflows the queue-mode test and benchmark run. Each starts at a Webhook node, so main receives the trigger
 * and n8n puts the execution on the queue for a worker (workflow-runner.js: queue mode enqueues every execution
 * whose mode is not 'manual'):
 *
 *   Webhook (POST {items: [{tag, modelUuid, modelServiceUuid}]}) → Split Out Items → ZStack Bind → Echo
 *
 * Each item's tag travels as the bind's user tag, so the simulator's request log shows which item each POST bound.
 * Echo reads the tag back through n8n's item pairing and adds the execution id, so the webhook's answer (all items
 * of the last node) shows whether every output item belongs to its input, in order, and which execution ran it.
 */
const { SEED } = require('../../contract-tests/simulator/seed');

const ZSTACK_NODE_TYPE = 'n8n-nodes-zstack.zStack';

/**
 * @param {{ id: string, path: string, credentialId: string, respond: 'lastNode' | 'onReceived', concurrency?: number }} options
 * @returns {import('../n8n/runner').WorkflowImport}
 */
function bindWorkflow({ id, path, credentialId, respond, concurrency }) {
	const node = (/** @type {string} */ suffix) => `${id.padEnd(8, '0').slice(0, 8)}-0000-4000-8000-${suffix.padStart(12, '0')}`;
	const echo = respond === 'lastNode';
	return {
		id,
		name: `Queue: bind (${id})`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: node('1'),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				webhookId: node('a1'),
				position: [0, 0],
				parameters: { httpMethod: 'POST', path, responseMode: respond, ...(echo ? { responseData: 'allEntries' } : {}), options: {} },
			},
			{
				id: node('2'),
				name: 'Split Out Items',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [200, 0],
				parameters: { fieldToSplitOut: 'body.items', options: {} },
			},
			{
				id: node('3'),
				name: 'Bind',
				type: ZSTACK_NODE_TYPE,
				typeVersion: 1,
				position: [400, 0],
				parameters: {
					resource: 'model',
					operation: 'bindToService',
					modelUuid: { __rl: true, mode: 'id', value: '={{ $json.modelUuid }}' },
					modelServiceUuid: { __rl: true, mode: 'id', value: '={{ $json.modelServiceUuid }}' },
					additionalFields: { userTags: ['={{ $json.tag }}'] },
					options: concurrency ? { concurrency } : {},
				},
				credentials: { zStackApi: { id: credentialId, name: credentialId } },
			},
			...(echo
				? [
						{
							id: node('4'),
							name: 'Echo',
							type: 'n8n-nodes-base.set',
							typeVersion: 3.4,
							position: [600, 0],
							parameters: {
								mode: 'manual',
								includeOtherFields: false,
								assignments: {
									assignments: [
										{ id: node('b1'), name: 'tag', value: "={{ $('Split Out Items').item.json.tag }}", type: 'string' },
										{ id: node('b2'), name: 'serviceUuid', value: '={{ $json.uuid }}', type: 'string' },
										{ id: node('b3'), name: 'executionId', value: '={{ $execution.id }}', type: 'string' },
									],
								},
								options: {},
							},
						},
					]
				: []),
		],
		connections: {
			Webhook: { main: [[{ node: 'Split Out Items', type: 'main', index: 0 }]] },
			'Split Out Items': { main: [[{ node: 'Bind', type: 'main', index: 0 }]] },
			...(echo ? { Bind: { main: [[{ node: 'Echo', type: 'main', index: 0 }]] } } : {}),
		},
	};
}

/**
 * `count` items tagged `<prefix>-<index>`, spread over the simulator's seeded models and services.
 * @param {string} prefix @param {number} count
 */
function bindItems(prefix, count) {
	return Array.from({ length: count }, (_, index) => ({
		tag: `${prefix}-${index}`,
		modelUuid: SEED.models[index % SEED.models.length],
		modelServiceUuid: SEED.modelServices[Math.floor(index / SEED.models.length) % SEED.modelServices.length],
	}));
}

module.exports = { bindWorkflow, bindItems };
