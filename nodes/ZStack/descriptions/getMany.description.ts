import type { INodeProperties } from 'n8n-workflow';

import { NULL_OPERATORS } from '../helpers/queryConditions';
import { queryOptions, queryOptionsCollection } from './callOptions.description';

/** Filters: ZStack query conditions (`q`), ANDed; read by readConditions in readers/query.reader.ts. */
export function queryFiltersProperty(description: string, fieldExamples: string): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Condition',
		default: {},
		description,
		options: [
			{
				displayName: 'Condition',
				name: 'conditions',
				values: [
					{
						displayName: 'Field',
						name: 'field',
						type: 'string',
						default: '',
						placeholder: `e.g. ${fieldExamples}`,
						description: 'Inventory field to test; a dotted name looks inside nested fields',
					},
					{
						displayName: 'Operator',
						name: 'operator',
						type: 'options',
						default: 'equals',
						options: [
							{ name: 'Equals (=)', value: 'equals' },
							{ name: 'Greater Than (>)', value: 'greaterThan' },
							{ name: 'Greater Than or Equal (>=)', value: 'greaterThanOrEqual' },
							{ name: 'In List (?=)', value: 'in', description: 'Value is a comma-separated list' },
							{ name: 'Is Not Null', value: 'notNull' },
							{ name: 'Is Null', value: 'isNull' },
							{ name: 'Less Than (<)', value: 'lessThan' },
							{ name: 'Less Than or Equal (<=)', value: 'lessThanOrEqual' },
							{ name: 'Like (~=)', value: 'like', description: '% matches any text, _ any one character' },
							{ name: 'Not Equals (!=)', value: 'notEquals' },
							{ name: 'Not In List (!?=)', value: 'notIn', description: 'Value is a comma-separated list' },
							{ name: 'Not Like (!~=)', value: 'notLike', description: '% matches any text, _ any one character' },
						],
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						displayOptions: { hide: { operator: NULL_OPERATORS } },
					},
				],
			},
		],
	};
}

/** Return All, Limit, the operation's own parameters (`more`), Filters and Options (with Sort) of a Get Many operation. */
export function getManyProperties(plural: string, fieldExamples: string, more: INodeProperties[] = []): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
		...more,
		queryFiltersProperty(`ZStack query conditions: only ${plural} that meet all of them are returned`, fieldExamples),
		{
			...queryOptionsCollection,
			options: [
				...queryOptions,
				{
					displayName: 'Sort',
					name: 'sort',
					type: 'fixedCollection',
					placeholder: 'Add Sort',
					default: {},
					options: [
						{
							displayName: 'Sort',
							name: 'order',
							values: [
								{
									displayName: 'Field',
									name: 'field',
									type: 'string',
									default: 'createDate',
									description: 'Inventory field to sort by',
								},
								{
									displayName: 'Direction',
									name: 'direction',
									type: 'options',
									default: '+',
									options: [
										{ name: 'Ascending', value: '+' },
										{ name: 'Descending', value: '-' },
									],
								},
							],
						},
					],
				},
			],
		},
	];
}
