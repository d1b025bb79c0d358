import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { inventoryUuidOf } from '../helpers/uuid';
import { readCallOptions } from '../readers/callOptions.reader';
import { readGetManyQuery } from '../readers/query.reader';
import type { ZStackClient } from '../transport/client';
import { queryAll, queryPage } from '../transport/query';

/** Get: the inventory named by the UUID (`path` is the query for it), or the item fails when ZStack has none. */
export async function getInventory(
	ctx: IExecuteFunctions,
	client: ZStackClient,
	itemIndex: number,
	target: { path: string; uuid: string; label: string },
): Promise<IDataObject> {
	const { path, uuid, label } = target;
	const { requestTimeoutMs } = readCallOptions(ctx, itemIndex);
	const { inventories } = await queryPage(client, itemIndex, path, {}, requestTimeoutMs);
	// ZStack answers a query for an unknown UUID with an empty list, not with an error.
	const inventory = inventories.find((candidate) => inventoryUuidOf(candidate) === uuid);
	if (inventory === undefined) {
		throw new NodeApiError(ctx.getNode(), { uuid }, {
			message: `The ${label} ${uuid} was not found`,
			description: `ZStack has no ${label} with this UUID, or the credential's account may not see it (item ${itemIndex}).`,
			itemIndex,
		});
	}
	return inventory;
}

/** Get Many: one output item per inventory. */
export async function getManyInventories(
	ctx: IExecuteFunctions,
	client: ZStackClient,
	itemIndex: number,
	collectionPath: string,
): Promise<IDataObject[]> {
	const query = readGetManyQuery(ctx, itemIndex);
	const { requestTimeoutMs } = readCallOptions(ctx, itemIndex);
	return await queryAll(client, itemIndex, collectionPath, query, requestTimeoutMs);
}
