import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { zstackNodeType } from '../harness/workflow';

/**
 * What the editor and an AI agent read about the operations: one spelling for each (a Title Case name, the
 * same words in sentence case as its action), and a description on every parameter a model may fill — a
 * UUID's saying its format and where to find one.
 */

const properties = zstackNodeType.description.properties;
const operationSelectors = properties.filter((property) => property.name === 'operation');
const options = operationSelectors.flatMap((selector) =>
	(selector.options as INodePropertyOptions[]).map((option) => ({ resource: selector.displayOptions?.show?.resource?.[0], ...option })),
);

/** n8n's Title Case: every word capitalised but short joining words. */
const SMALL_WORDS = new Set(['to', 'from', 'of', 'and', 'a', 'an', 'the', 'in', 'on', 'for']);

test.each(options.filter(({ resource }) => resource !== 'api'))('$resource → $name: Title Case name, the same words as its action', ({ name, action }) => {
	const words = name.split(' ');
	const titleCase = words.map((word, index) => (index > 0 && SMALL_WORDS.has(word.toLowerCase()) ? word.toLowerCase() : word[0].toUpperCase() + word.slice(1)));
	expect(words).toEqual(titleCase);
	expect(action).toBe([words[0], ...words.slice(1).map((word) => word.toLowerCase())].join(' '));
});

test('the stored operation values of version 0.1 stay', () => {
	const values = (resource: string) => options.filter((option) => option.resource === resource).map((option) => option.value);

	expect(values('model')).toEqual(expect.arrayContaining(['bindToService', 'unbindFromService', 'get', 'getAll']));
	expect(values('modelService')).toEqual(expect.arrayContaining(['get', 'getAll']));
});

/** Every parameter an operation shows, with those inside its collections. */
function parametersOf(list: INodeProperties[]): INodeProperties[] {
	return list.flatMap((property) =>
		property.type === 'collection' ? [property, ...parametersOf(property.options as INodeProperties[])] : [property],
	);
}

const operationParameters = parametersOf(properties.filter((property) => property.displayOptions?.show?.operation !== undefined)).filter(
	(property) => !['collection', 'fixedCollection'].includes(property.type),
);

test('every parameter a model may fill is described', () => {
	const undescribed = operationParameters.filter((property) => (property.description ?? '').length < 15).map((property) => property.name);

	expect(undescribed).toEqual([]);
});

test('every UUID parameter says its format and where to find one', () => {
	const uuidParameters = operationParameters.filter((property) => property.type === 'resourceLocator' || /Uuids$/.test(property.name));

	expect(uuidParameters.length).toBeGreaterThan(30);
	for (const { name, description } of uuidParameters) {
		expect({ name, hasFormat: /32 hex characters/.test(description ?? '') }).toEqual({ name, hasFormat: true });
	}
});

test('Simplify names the fields it keeps', () => {
	const simplify = operationParameters.filter((property) => property.name === 'simplify');
	const deploy = simplify.find((property) => property.displayOptions?.show?.operation?.includes('deploy'));

	expect(simplify.length).toBeGreaterThan(15);
	expect(deploy?.default).toBe(true);
	expect(deploy?.description).toBe(
		"Whether to output only the instance group's uuid, name, status, modelServiceUuid, modelUuid and instances (uuid, status, url of each) instead of the whole inventory ZStack sends",
	);
	const bind = simplify.find((property) => property.displayOptions?.show?.operation?.includes('bindToService'));
	expect(bind?.default).toBe(false);
});

test('Additional Fields and Update Fields list their fields by name, as n8n sorts them', () => {
	const collections = properties.filter((property) => property.type === 'collection' && property.name !== 'options');
	for (const collection of collections) {
		const names = (collection.options as INodePropertyCollection[]).map((option) => option.displayName);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	}
});
