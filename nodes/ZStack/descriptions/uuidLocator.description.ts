import type { INodeProperties } from 'n8n-workflow';

import { UUID_INPUT_REGEX } from '../helpers/uuid';
import type { listSearch } from '../methods/listSearch';

type UuidParameter = 'modelUuid' | 'modelServiceUuid';

/** The listSearch method that lists what each UUID parameter names. */
const SEARCH_LIST_METHODS: Record<UuidParameter, keyof typeof listSearch> = {
	modelUuid: 'searchModels',
	modelServiceUuid: 'searchModelServices',
};

/**
 * A required UUID parameter as a resource locator: pick by name from a searchable list, or type a
 * UUID (32-hex or dashed). Saved values carry their own mode, so `id` values stay valid.
 */
export function uuidLocator(name: UuidParameter, displayName: string, description: string): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: SEARCH_LIST_METHODS[name], searchable: true },
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
