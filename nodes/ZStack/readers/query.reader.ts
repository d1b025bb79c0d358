import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isQueryOperator, queryCondition, QUERY_FIELD_REGEX } from '../helpers/queryConditions';

/** Reads the Get Many parameters (Return All, Limit, Filters, Sort) and checks them before any request. */

/** What the readers need of a node's context; the ZStack Trigger adapts its poll context to it. */
export type NodeParameterSource = Pick<IExecuteFunctions, 'getNode' | 'getNodeParameter'>;

function queryField(ctx: NodeParameterSource, value: unknown, what: string, itemIndex: number): string {
	const field = typeof value === 'string' ? value.trim() : '';
	if (!QUERY_FIELD_REGEX.test(field)) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${what} ${JSON.stringify(value ?? '')} is not a field name`, {
			description: 'Use an inventory field such as name or createDate; a dotted name such as modelServiceRefs.modelUuid looks inside nested fields.',
			itemIndex,
		});
	}
	return field;
}

/** A condition value as ZStack reads it: text, or for list operators a list joined by commas. */
function conditionValue(ctx: NodeParameterSource, value: unknown, what: string, itemIndex: number): string {
	const entries = Array.isArray(value) ? value : [value ?? ''];
	if (!entries.every((entry) => ['string', 'number', 'boolean'].includes(typeof entry))) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${what} must be text, a number or a list of them`, {
			itemIndex,
		});
	}
	return entries.map(String).join(',');
}

/** The `q` conditions of the Filters parameter, checked before any request is sent. */
export function readConditions(ctx: NodeParameterSource, itemIndex: number): string[] {
	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as { conditions?: IDataObject[] };
	return (filters.conditions ?? []).map(({ field, operator, value }, index) => {
		const what = `filter ${index + 1}`;
		if (!isQueryOperator(operator)) {
			throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${what} has unknown operator ${JSON.stringify(operator)}`, {
				itemIndex,
			});
		}
		return queryCondition(
			queryField(ctx, field, `${what} field`, itemIndex),
			operator,
			conditionValue(ctx, value, `${what} value`, itemIndex),
		);
	});
}

function readSort(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as { sort?: { order?: IDataObject } };
	const order = options.sort?.order;
	if (order === undefined) return undefined;
	const direction = order.direction === '-' ? '-' : '+';
	return `${direction}${queryField(ctx, order.field, 'sort field', itemIndex)}`;
}

export interface GetManyQuery {
	conditions: string[];
	sort?: string;
	/** Undefined for Return All. */
	max?: number;
}

export function readGetManyQuery(ctx: IExecuteFunctions, itemIndex: number): GetManyQuery {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const max = returnAll ? undefined : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
	if (max !== undefined && !(Number.isInteger(max) && max >= 1)) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: limit must be a whole number of at least 1, not ${JSON.stringify(max)}`, {
			itemIndex,
		});
	}
	return { conditions: readConditions(ctx, itemIndex), sort: readSort(ctx, itemIndex), max };
}
