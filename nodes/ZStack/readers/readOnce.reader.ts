import type { IExecuteFunctions, NodeParameterValueType } from 'n8n-workflow';

/** Whether a raw parameter value holds an expression anywhere (n8n evaluates every string that starts with '='). */
function holdsExpression(raw: unknown): boolean {
	// A walk with its own stack: parameters can be nested deeper than the call stack allows.
	const pending: unknown[] = [raw];
	while (pending.length > 0) {
		const value = pending.pop();
		if (typeof value === 'string') {
			if (value.startsWith('=')) return true;
		} else if (value !== null && typeof value === 'object') {
			for (const entry of Object.values(value)) pending.push(entry);
		}
	}
	return false;
}

/**
 * The node's context for its items, whose `getNodeParameter` reads a parameter that holds no expression once
 * and hands every item that value: only an expression can make a parameter differ between items, and each
 * read costs n8n a pass over the value and its checks. A read that fails is not kept, so every item reports
 * its own failure. Values read once are shared by all items: they are read, never changed.
 */
export function readingConstantsOnce(ctx: IExecuteFunctions): IExecuteFunctions {
	const parameters = ctx.getNode().parameters;
	const constant = new Map<string, boolean>();
	const values = new Map<string, unknown>();
	const getNodeParameter = (
		name: string,
		itemIndex: number,
		fallbackValue?: unknown,
		options?: Parameters<IExecuteFunctions['getNodeParameter']>[3],
	): NodeParameterValueType | object => {
		let isConstant = constant.get(name);
		if (isConstant === undefined) {
			// Only top-level parameters that are set: a missing one yields whatever fallback each caller gives.
			isConstant = Object.hasOwn(parameters, name) && !holdsExpression(parameters[name]);
			constant.set(name, isConstant);
		}
		if (!isConstant || options?.rawExpressions || options?.contextNode) return ctx.getNodeParameter(name, itemIndex, fallbackValue, options);
		const key = `${name}\n${options?.extractValue === true}\n${options?.ensureType ?? ''}\n${options?.skipValidation === true}`;
		if (!values.has(key)) values.set(key, ctx.getNodeParameter(name, itemIndex, fallbackValue, options));
		return values.get(key) as NodeParameterValueType | object;
	};
	return Object.create(ctx, { getNodeParameter: { value: getNodeParameter } }) as IExecuteFunctions;
}
