import type { ApiField, FieldType, TargetUuid } from './definition';
import type { UuidTarget } from '../helpers/uuidTargets';

/** Small makers of field definitions, so that each resource's catalogue reads as a table. */

export function field(name: string, displayName: string, type: FieldType, description: string, more: Partial<ApiField> = {}): ApiField {
	return { name, displayName, type, description, ...more };
}

export const text = (name: string, displayName: string, description: string, more: Partial<ApiField> = {}) =>
	field(name, displayName, { kind: 'string' }, description, more);

export const integer = (name: string, displayName: string, description: string) => field(name, displayName, { kind: 'integer' }, description);

export const flag = (name: string, displayName: string, description: string) => field(name, displayName, { kind: 'boolean' }, description);

export const uuidOf = (target: UuidTarget, name: string, displayName: string, description: string) =>
	field(name, displayName, { kind: 'uuid', target }, description);

export const uuidsOf = (target: UuidTarget, name: string, displayName: string, description: string) =>
	field(name, displayName, { kind: 'uuidList', target }, description);

export const jsonObject = (name: string, displayName: string, description: string) =>
	field(name, displayName, { kind: 'json', shape: 'object' }, description);

export const jsonList = (name: string, displayName: string, description: string) =>
	field(name, displayName, { kind: 'json', shape: 'list' }, description);

/** The UUID an operation acts on. */
export const targetOf = (target: UuidTarget, name: string, displayName: string, description: string): TargetUuid => ({
	name,
	displayName,
	target,
	description,
});

/** The named fields of a resource's catalogue, in the order given. */
export function pick<Name extends string>(catalogue: Record<Name, ApiField>, ...names: Name[]): ApiField[] {
	return names.map((name) => catalogue[name]);
}

/**
 * An operation's option from its Title Case name: its action is the same words in sentence case
 * ("Bind Model to Service" → "Bind model to service"), the one spelling a tool description and the editor share.
 */
export function named(name: string, description: string): { name: string; description: string; action: string } {
	const [first, ...rest] = name.split(' ');
	return { name, description, action: [first, ...rest.map((word) => word.toLowerCase())].join(' ') };
}
