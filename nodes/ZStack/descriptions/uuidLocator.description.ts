import type { INodeProperties } from 'n8n-workflow';

import { UUID_INPUT_REGEX } from '../helpers/uuid';
import { UUID_TARGETS, type UuidTarget } from '../helpers/uuidTargets';

/**
 * A UUID parameter as a resource locator: pick by name from a searchable list of what it names, or type a
 * UUID (32-hex or dashed). Saved values carry their own mode, so `id` values stay valid. Optional ones sit
 * in an Additional Fields collection.
 */
export function uuidLocator(
	name: string,
	displayName: string,
	target: UuidTarget,
	description: string,
	required = true,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		...(required ? { required: true } : {}),
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: UUID_TARGETS[target].searchMethod, searchable: true },
			},
			{
				displayName: 'By UUID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 0f4c8a9e2b3d4c5f8a7b6c5d4e3f2a1b',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: UUID_INPUT_REGEX,
							errorMessage: 'Not a UUID: use 32 hex characters (dashes are allowed)',
						},
					},
				],
			},
		],
	};
}
