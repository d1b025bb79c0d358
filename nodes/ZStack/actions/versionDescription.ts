import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ZStackResource } from './operation';
import { resources } from './resources';

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

/** A resource's Operation selector, then each operation's parameters, shown only for that operation. */
function resourceProperties(resource: ZStackResource): INodeProperties[] {
	const value = resource.option.value;
	const { defaultOperation } = resource;
	const operations = Object.entries(resource.operations);
	return [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [value] } },
			options: operations.map(([name, operation]) => ({ ...operation.option, value: name })).sort(byName),
			default: defaultOperation,
		},
		...operations.flatMap(([name, operation]) =>
			updateDisplayOptions({ show: { resource: [value], operation: [name] } }, operation.properties),
		),
	];
}

/** The node's parameters: the resource selector, then each resource's operations and fields. */
export const nodeProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: Object.values(resources).map((resource) => resource.option),
		default: 'model',
	},
	...Object.values(resources).flatMap(resourceProperties),
];
