/**
 * ZStack's query API: `GET /v1/<resources>[/<uuid>]` with repeatable `q=<field><op><value>` conditions
 * (ANDed), `limit`, `start`, `sort=+field|-field` and `replyWithCount=true`, answered with
 * `{"inventories":[...],"total":N}`.
 */

/**
 * The documented condition operators by the name the node's Operator parameter stores: a parameter
 * value starting with `=` would be read by n8n as an expression, so ZStack's symbols cannot be stored.
 */
const QUERY_OPERATORS = {
	equals: '=',
	notEquals: '!=',
	greaterThan: '>',
	greaterThanOrEqual: '>=',
	lessThan: '<',
	lessThanOrEqual: '<=',
	in: '?=',
	notIn: '!?=',
	like: '~=',
	notLike: '!~=',
	isNull: 'is null',
	notNull: 'not null',
} as const;

export type QueryOperator = keyof typeof QUERY_OPERATORS;

/** Operators that take no value: `q=<field> is null`. */
export const NULL_OPERATORS: QueryOperator[] = ['isNull', 'notNull'];

/** A field of an inventory, possibly dotted into nested ones (`modelServiceRefs.modelUuid`). */
export const QUERY_FIELD_REGEX = /^[A-Za-z][\w.]*$/;

export function isQueryOperator(operator: unknown): operator is QueryOperator {
	return typeof operator === 'string' && Object.hasOwn(QUERY_OPERATORS, operator);
}

/** One `q` condition in ZStack's syntax. */
export function queryCondition(field: string, operator: QueryOperator, value = ''): string {
	const symbol = QUERY_OPERATORS[operator];
	return NULL_OPERATORS.includes(operator) ? `${field} ${symbol}` : `${field}${symbol}${value}`;
}

/** The condition of a search box: the name contains the text (SQL LIKE, case-insensitive on ZStack's MySQL). */
export function nameContains(text: string): string {
	return queryCondition('name', 'like', `%${text}%`);
}
