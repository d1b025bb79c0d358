import path from 'node:path';

import { Workflow, type INode, type INodeParameters, type INodeType, type INodeTypes } from 'n8n-workflow';

import { zstackNodeType } from '../harness/workflow';

/**
 * The canvas shows a node's subtitle as n8n's editor evaluates it (Expression.getSimpleParameterValue with
 * the node's parameters): display names, never internal values such as `bindToService: model`.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the built package, as n8n loads it
const { ZStackTrigger } = require(path.resolve(__dirname, '../../dist/nodes/ZStackTrigger/ZStackTrigger.node.js')) as {
	ZStackTrigger: new () => INodeType;
};
const triggerNodeType = new ZStackTrigger();

function subtitleOf(nodeType: INodeType, parameters: INodeParameters): unknown {
	const node: INode = { id: 'n', name: 'N', type: 'n', typeVersion: 1, position: [0, 0], parameters };
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => nodeType,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return workflow.expression.getSimpleParameterValue(node, nodeType.description.subtitle as string, 'internal', {});
}

/** What the canvas shows for a resource/operation pair. */
const SHOWN: Record<string, string> = {
	'model/bindToService': 'Bind Model to Service',
	'model/unbindFromService': 'Unbind Model from Service',
	'model/get': 'Get Model',
	'model/getAll': 'Get Many Models',
	'modelService/get': 'Get Model Service',
	'modelService/getAll': 'Get Many Model Services',
	'api/call': 'Call: API',
};

test.each(Object.entries(SHOWN))('ZStack %s reads "%s"', (pair, expected) => {
	const [resource, operation] = pair.split('/');
	expect(subtitleOf(zstackNodeType, { resource, operation })).toBe(expected);
});

test('every operation of every resource has a subtitle of display names', () => {
	const operations = zstackNodeType.description.properties.filter((property) => property.name === 'operation');
	for (const property of operations) {
		for (const resource of property.displayOptions?.show?.resource ?? []) {
			for (const option of property.options ?? []) {
				const value = 'value' in option ? String(option.value) : '';
				const subtitle = String(subtitleOf(zstackNodeType, { resource: String(resource), operation: value }));
				expect(subtitle).toContain('name' in option ? option.name : '');
				expect(subtitle).not.toContain(value);
			}
		}
	}
});

test('the ZStack Trigger shows its event by name', () => {
	expect(subtitleOf(triggerNodeType, { event: 'modelBoundToService' })).toMatch(/^Model Bound to Service$/i);
	expect(subtitleOf(triggerNodeType, { event: 'modelServiceUpdated' })).toBe('Model Service Updated');
});
