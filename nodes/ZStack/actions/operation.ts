import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { ZStackClient } from '../transport/client';

/**
 * One operation of a resource, in one file: the option that names it, its parameters (shown only for it),
 * and what it does for one item. A resource lists its operations in its `operations` map; that map is the
 * only registry, read by the node's description and by the router.
 */
export interface ZStackOperation {
	/** How the Operation selector shows it; its value is its key in the resource's `operations`. */
	readonly option: { name: string; description: string; action: string };
	readonly properties: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number, client: ZStackClient): Promise<IDataObject | IDataObject[]>;
}

/** A resource: the option that names it and its operations, keyed by operation value. */
export interface ZStackResource {
	readonly option: INodePropertyOptions & { value: string };
	readonly operations: Record<string, ZStackOperation>;
	/** The operation selected when the resource is chosen. */
	readonly defaultOperation: string;
}
