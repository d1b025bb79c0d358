import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

type Label = readonly [value: string, label: string];

/**
 * `={{ … }}` giving the label of whatever `key` evaluates to, as a chain of conditions: the editor evaluates
 * it on the canvas, and an object literal's closing braces could end the expression early.
 */
function pickLabel(key: string, labels: readonly Label[]): string {
	const chain = labels.reduceRight(
		(otherwise, [value, label]) => `${key} === ${JSON.stringify(value)} ? ${JSON.stringify(label)} : ${otherwise}`,
		'""',
	);
	return `={{ ${chain} }}`;
}

function optionsOf(property: INodeProperties | undefined): INodePropertyOptions[] {
	return (property?.options ?? []).filter((option): option is INodePropertyOptions => 'value' in option);
}

/**
 * The node's canvas subtitle: the operation's display name, followed by the resource's unless it names it
 * already — "Get Many: Model Service", "Call: API", "Bind Model to Service".
 */
export function operationSubtitle(properties: INodeProperties[]): string {
	const resources = optionsOf(properties.find((property) => property.name === 'resource'));
	const labels = resources.flatMap((resource) => {
		const operations = properties.find(
			(property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource.value),
		);
		return optionsOf(operations).map((operation): Label => {
			const namesResource = operation.name.toLowerCase().includes(resource.name.toLowerCase());
			return [`${resource.value}:${operation.value}`, namesResource ? operation.name : `${operation.name}: ${resource.name}`];
		});
	});
	return pickLabel('$parameter["resource"] + ":" + $parameter["operation"]', labels);
}

/** A canvas subtitle naming the chosen option of `parameter` (a trigger's event) by its display name. */
export function optionSubtitle(parameter: string, options: INodePropertyOptions[]): string {
	return pickLabel(`$parameter[${JSON.stringify(parameter)}]`, options.map((option): Label => [String(option.value), option.name]));
}
