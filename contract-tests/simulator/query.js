// @ts-check
'use strict';

/**
 * ZStack's query API over in-memory inventories: `q=<field><op><value>` (repeatable, ANDed), `<field> is null`,
 * `<field> not null`, `limit` (default 1000), `start`, `sort=+field|-field`, `fields=a,b`, `replyWithCount=true` (any letter case).
 * A dotted field (`modelServiceRefs.modelUuid`) looks inside nested objects and lists; a condition on a list
 * holds when any element satisfies it.
 */

const DEFAULT_LIMIT = 1000;

// Longer operators first, so that `!?=` is not read as `!` + `?=`.
const CONDITION = /^([A-Za-z][\w.]*)(!\?=|!~=|\?=|~=|!=|>=|<=|=|>|<)(.*)$/s;
const NULL_CONDITION = /^([A-Za-z][\w.]*) (is null|not null)$/;

/** A query the REST layer cannot even parse: ZStack answers 400 with a plain-text body. */
class MalformedQueryError extends Error {}

/** A well-formed query naming something that does not exist: ZStack answers 503 SYS.1007 (invalid argument). */
class InvalidQueryArgumentError extends Error {}

/**
 * @param {unknown} value
 * @param {string[]} segments
 * @returns {unknown[]}
 */
function valuesAt(value, segments) {
	if (Array.isArray(value)) return value.flatMap((element) => valuesAt(element, segments));
	if (segments.length === 0) return value === null || value === undefined ? [] : [value];
	if (value === null || typeof value !== 'object') return [];
	return valuesAt(/** @type {Record<string, unknown>} */ (value)[segments[0]], segments.slice(1));
}

/**
 * SQL LIKE (`%` any run, `_` one character), case-insensitive as with MySQL's default collation. Matched
 * without regular expressions so that no pattern can make it backtrack: the pattern is split at `%` into
 * segments; the first must match at the start, the last at the end, and each one between is taken at its
 * leftmost place after the previous one (leftmost is always safe when only `%` separates segments). Cost:
 * at most text length × pattern length character comparisons.
 * @param {string} pattern
 * @returns {(text: string) => boolean}
 */
function likeMatcher(pattern) {
	const segments = pattern.toLowerCase().split('%');
	/** @param {string} text @param {number} at @param {string} segment */
	const segmentAt = (text, at, segment) => {
		for (let index = 0; index < segment.length; index++) {
			if (segment[index] !== '_' && segment[index] !== text[at + index]) return false;
		}
		return true;
	};
	return (value) => {
		const text = value.toLowerCase();
		const first = segments[0];
		if (segments.length === 1) return text.length === first.length && segmentAt(text, 0, first);
		const last = segments[segments.length - 1];
		if (text.length < first.length + last.length || !segmentAt(text, 0, first) || !segmentAt(text, text.length - last.length, last)) {
			return false;
		}
		let position = first.length;
		const end = text.length - last.length;
		for (const segment of segments.slice(1, -1)) {
			if (segment === '') continue;
			let found = -1;
			for (let at = position; at + segment.length <= end; at++) {
				if (segmentAt(text, at, segment)) {
					found = at;
					break;
				}
			}
			if (found < 0) return false;
			position = found + segment.length;
		}
		return true;
	};
}

/**
 * @param {unknown} value
 * @param {string} operand
 */
function compare(value, operand) {
	if (typeof value === 'number') {
		const number = Number(operand);
		if (operand.trim() === '' || Number.isNaN(number)) {
			throw new InvalidQueryArgumentError(`cannot compare a number with '${operand}'`);
		}
		return value - number;
	}
	const text = String(value);
	return text < operand ? -1 : text > operand ? 1 : 0;
}

/**
 * @param {string} op
 * @param {string} operand
 * @returns {(value: unknown) => boolean}
 */
function positiveTest(op, operand) {
	switch (op) {
		case '=':
			return (value) => String(value) === operand;
		case '?=': {
			const candidates = operand.split(',');
			return (value) => candidates.includes(String(value));
		}
		case '~=': {
			const matches = likeMatcher(operand);
			return (value) => matches(String(value));
		}
		case '>':
			return (value) => compare(value, operand) > 0;
		case '<':
			return (value) => compare(value, operand) < 0;
		case '>=':
			return (value) => compare(value, operand) >= 0;
		case '<=':
			return (value) => compare(value, operand) <= 0;
		default:
			throw new Error(`not a positive operator: ${op}`);
	}
}

const NEGATED = /** @type {Record<string, string>} */ ({ '!=': '=', '!?=': '?=', '!~=': '~=' });

/**
 * @param {string} condition
 * @param {Set<string>} knownFields
 * @returns {(inventory: object) => boolean}
 */
function parseCondition(condition, knownFields) {
	const nullMatch = NULL_CONDITION.exec(condition);
	const match = nullMatch ? null : CONDITION.exec(condition);
	if (!nullMatch && !match) throw new MalformedQueryError(`invalid query condition '${condition}'`);
	const field = /** @type {RegExpExecArray} */ (nullMatch ?? match)[1];
	if (!knownFields.has(field.split('.')[0])) {
		throw new InvalidQueryArgumentError(`the inventory has no field '${field}'`);
	}
	const segments = field.split('.');
	if (nullMatch) {
		const wantNull = nullMatch[2] === 'is null';
		return (inventory) => (valuesAt(inventory, segments).length === 0) === wantNull;
	}
	const [, , op, operand] = /** @type {RegExpExecArray} */ (match);
	if (Object.hasOwn(NEGATED, op)) {
		// As in SQL, a missing value satisfies neither `=` nor `!=`.
		const test = positiveTest(NEGATED[op], operand);
		return (inventory) => {
			const values = valuesAt(inventory, segments);
			return values.length > 0 && !values.some(test);
		};
	}
	const test = positiveTest(op, operand);
	return (inventory) => valuesAt(inventory, segments).some(test);
}

/**
 * @param {URLSearchParams} params
 * @param {string} name
 * @param {number} fallback
 */
function nonNegativeInteger(params, name, fallback) {
	const raw = params.get(name);
	if (raw === null) return fallback;
	if (!/^\d+$/.test(raw)) throw new MalformedQueryError(`parameter '${name}' must be a non-negative integer, got '${raw}'`);
	return Number(raw);
}

/**
 * @param {string | null} raw
 * @param {Set<string>} knownFields
 * @returns {((a: object, b: object) => number) | undefined}
 */
function parseSort(raw, knownFields) {
	if (raw === null) return undefined;
	// An unencoded '+' arrives as a space after form decoding; read it as ascending like a bare field name.
	const text = raw.trim();
	const descending = text.startsWith('-');
	const field = text.replace(/^[+-]/, '');
	if (!knownFields.has(field)) throw new InvalidQueryArgumentError(`cannot sort by unknown field '${field}'`);
	return (a, b) => {
		const left = /** @type {Record<string, unknown>} */ (a)[field];
		const right = /** @type {Record<string, unknown>} */ (b)[field];
		const order = typeof left === 'number' && typeof right === 'number' ? left - right : compare(left, String(right));
		return descending ? -order : order;
	};
}

/**
 * @param {string | null} raw
 * @param {Set<string>} knownFields
 * @returns {((inventory: object) => object) | undefined}
 */
function parseProjection(raw, knownFields) {
	if (raw === null) return undefined;
	const fields = raw.split(',').map((field) => field.trim()).filter(Boolean);
	const unknown = fields.filter((field) => !knownFields.has(field));
	if (unknown.length > 0) throw new InvalidQueryArgumentError(`unknown fields: ${unknown.join(', ')}`);
	return (inventory) =>
		Object.fromEntries(fields.filter((field) => field in inventory).map((field) => [field, /** @type {Record<string, unknown>} */ (inventory)[field]]));
}

/**
 * @param {object[]} inventories every inventory of one type, fully rendered
 * @param {URLSearchParams} params
 * @param {string[]} fieldNames the fields of that inventory type
 * @returns {{ inventories: object[], total?: number }}
 */
function runQuery(inventories, params, fieldNames) {
	const knownFields = new Set(fieldNames);
	const conditions = params.getAll('q').map((condition) => parseCondition(condition, knownFields));
	const limit = nonNegativeInteger(params, 'limit', DEFAULT_LIMIT);
	const start = nonNegativeInteger(params, 'start', 0);
	const order = parseSort(params.get('sort'), knownFields);
	const project = parseProjection(params.get('fields'), knownFields);

	const matching = inventories.filter((inventory) => conditions.every((holds) => holds(inventory)));
	if (order) matching.sort(order);
	const page = matching.slice(start, start + limit);
	const reply = { inventories: project ? page.map(project) : page };
	// RestServer.java ~1117: Boolean.parseBoolean of the trimmed value, so any letter case of "true".
	const withCount = (params.get('replyWithCount') ?? '').trim().toLowerCase() === 'true';
	return withCount ? { ...reply, total: matching.length } : reply;
}

module.exports = { runQuery, MalformedQueryError, InvalidQueryArgumentError };
