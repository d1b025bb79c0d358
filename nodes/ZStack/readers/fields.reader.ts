import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ActionDefinition, ApiField } from '../actions/definition';
import { COLLECTION_NAMES } from '../descriptions/fields.description';
import { jsonShapeMessage } from '../helpers/jsonShape';
import { toTagList } from '../helpers/tags';
import { checkUuid, shownValue } from './uuid.reader';

/** Reads an operation's fields as ZStack takes them, checking each before any request is sent. */

const TAG_FIELDS = ['systemTags', 'userTags'] as const;

function fieldError(ctx: IExecuteFunctions, itemIndex: number, field: ApiField, problem: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${field.displayName} ${problem}`, {
		description: field.description,
		itemIndex,
	});
}

/** Entries of a list parameter: a list from an expression, or text split at commas. */
function listEntries(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	if (typeof value !== 'string') return [value];
	return value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
}

/** A picker's value inside a collection is the locator object; a typed or expression value is the UUID. */
const locatorValue = (value: unknown): unknown =>
	value !== null && typeof value === 'object' && (value as IDataObject).__rl === true ? (value as IDataObject).value : value;

/** The value ZStack gets for a field, or undefined to leave it out; throws naming the item and the field. */
function fieldValue(ctx: IExecuteFunctions, itemIndex: number, field: ApiField, raw: unknown): unknown {
	const { type } = field;
	const label = field.displayName;
	if (raw === undefined || raw === null || raw === '') return undefined;
	switch (type.kind) {
		case 'uuid': {
			const value = locatorValue(raw);
			return value === '' ? undefined : checkUuid(ctx, value, label, itemIndex);
		}
		case 'uuidList': {
			const uuids = listEntries(raw).map((entry) => checkUuid(ctx, entry, `${label} entry`, itemIndex));
			return uuids.length > 0 ? uuids : undefined;
		}
		case 'stringList': {
			const entries = listEntries(raw);
			if (!entries.every((entry) => typeof entry === 'string' || typeof entry === 'number')) {
				throw fieldError(ctx, itemIndex, field, 'must be text or a list of text values');
			}
			return entries.length > 0 ? entries.map(String) : undefined;
		}
		case 'json': {
			let value: unknown = raw;
			if (typeof raw === 'string') {
				try {
					value = JSON.parse(raw) as unknown;
				} catch (error) {
					throw fieldError(ctx, itemIndex, field, `is not valid JSON: ${(error as Error).message}`);
				}
			}
			const isList = Array.isArray(value);
			if (value === null || typeof value !== 'object' || isList !== (type.shape === 'list')) {
				throw fieldError(ctx, itemIndex, field, `must be a JSON ${type.shape === 'list' ? 'list' : 'object'}, not ${shownValue(raw)}`);
			}
			const shapeProblem = jsonShapeMessage(value);
			if (shapeProblem !== undefined) throw fieldError(ctx, itemIndex, field, shapeProblem);
			return isList ? ((value as unknown[]).length > 0 ? value : undefined) : Object.keys(value).length > 0 ? value : undefined;
		}
		case 'integer':
			if (typeof raw !== 'number' || !Number.isSafeInteger(raw)) {
				throw fieldError(ctx, itemIndex, field, `must be a whole number, not ${shownValue(raw)}`);
			}
			return raw;
		case 'boolean':
			if (typeof raw !== 'boolean') throw fieldError(ctx, itemIndex, field, `must be true or false, not ${shownValue(raw)}`);
			return raw;
		case 'string':
			if (typeof raw !== 'string' && typeof raw !== 'number') throw fieldError(ctx, itemIndex, field, `must be text, not ${shownValue(raw)}`);
			return String(raw);
	}
}

/** The required fields, each a top-level parameter that must hold a value. */
function readRequired(ctx: IExecuteFunctions, itemIndex: number, fields: readonly ApiField[]): IDataObject {
	const values: IDataObject = {};
	for (const field of fields) {
		const raw = ctx.getNodeParameter(field.name, itemIndex, undefined, field.type.kind === 'uuid' ? { extractValue: true } : {});
		const value = fieldValue(ctx, itemIndex, field, raw);
		if (value === undefined) throw fieldError(ctx, itemIndex, field, 'is required');
		values[field.name] = value as IDataObject[string];
	}
	return values;
}

/** The collection of optional fields and tags, read whole: a value nested thousands deep fails here, clearly. */
function readCollection(ctx: IExecuteFunctions, itemIndex: number, definition: ActionDefinition): IDataObject {
	const collection = definition.optionalCollection ?? 'additionalFields';
	try {
		return ctx.getNodeParameter(collection, itemIndex, {}) as IDataObject;
	} catch (error) {
		const what = (definition.optional ?? []).length === 0 ? 'the tags' : COLLECTION_NAMES[collection];
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${what} could not be read: ${(error as Error).message}`, {
			description: 'System Tags and User Tags take text values, or lists of them nested at most 10 deep.',
			itemIndex,
		});
	}
}

export interface CallFields {
	/** The API's fields, to go under the definition's wrapper. */
	fields: IDataObject;
	systemTags?: string[];
	userTags?: string[];
}

/** Reads every field and tag of an operation for one item; an update must change something. */
export function readCallFields(ctx: IExecuteFunctions, itemIndex: number, definition: ActionDefinition): CallFields {
	const fields = readRequired(ctx, itemIndex, definition.required ?? []);
	const collection = readCollection(ctx, itemIndex, definition);
	for (const field of definition.optional ?? []) {
		const value = fieldValue(ctx, itemIndex, field, collection[field.name]);
		if (value !== undefined) fields[field.name] = value as IDataObject[string];
	}
	const read: CallFields = { fields };
	for (const name of TAG_FIELDS) {
		const tags = toTagList(collection[name]);
		if (tags === null) {
			throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${name} must be a list of text values`, { itemIndex });
		}
		if (tags) read[name] = tags;
	}
	if (definition.optionalCollection === 'updateFields' && Object.keys(fields).length === 0 && !read.systemTags && !read.userTags) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: Update Fields is empty`, {
			description: 'Add at least one field to change.',
			itemIndex,
		});
	}
	return read;
}
