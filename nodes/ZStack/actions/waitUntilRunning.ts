import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { FIRST_STATUS_POLL_MS, progressOf, reasonOf } from '../helpers/instanceGroupStatus';
import { inventoryUuidOf } from '../helpers/uuid';
import { UUID_TARGETS } from '../helpers/uuidTargets';
import type { ZStackClient } from '../transport/client';
import { queryPageOrHiccup } from '../transport/query';

/** QueryModelServiceInstanceGroup for one group (QueryModelServiceInstanceGroup.md, developer guide). */
const groupPath = (uuid: string) => `${UUID_TARGETS.instanceGroup.queryPath}${uuid}`;

export interface RunningWait {
	runningTimeoutMs: number;
	/** The longest wait between two looks at the group: the Poll Interval. */
	pollIntervalMs: number;
	requestTimeoutMs: number;
}

/** "model service instance group <uuid> ("<name>")", as the errors name the group. */
function named(uuid: string, group: IDataObject): string {
	return `Model service instance group ${uuid}${typeof group.name === 'string' ? ` ("${group.name}")` : ''}`;
}

/**
 * Follows the instance group a deploy made until its status is Running, and returns its inventory as ZStack
 * then shows it. Looks first after FIRST_STATUS_POLL_MS, each wait twice the last, up to the Poll Interval.
 * Fails with the group, its status and ZStack's reason when the group fails, and when the timeout passes.
 */
export async function waitUntilRunning(
	ctx: IExecuteFunctions,
	client: ZStackClient,
	itemIndex: number,
	deployed: IDataObject,
	wait: RunningWait,
): Promise<IDataObject> {
	const deadline = Date.now() + wait.runningTimeoutMs;
	let group = deployed;
	let delay = Math.min(FIRST_STATUS_POLL_MS, wait.pollIntervalMs);
	const uuid = inventoryUuidOf(deployed);
	for (;;) {
		const progress = progressOf(group);
		if (progress === 'running') return group;
		if (uuid === undefined) {
			throw new NodeOperationError(ctx.getNode(), `ZStack deployed an instance group that is ${String(group.status)} without naming it`, {
				description: `The deploy reply's inventory has no UUID to follow: ${JSON.stringify(deployed).slice(0, 300)} (item ${itemIndex}).`,
				itemIndex,
			});
		}
		if (progress === 'failed') {
			throw new NodeOperationError(ctx.getNode(), `${named(uuid, group)} failed: its status is ${String(group.status)}`, {
				description: `ZStack's reason: ${reasonOf(group)}. Model Service Instance Group → Get shows it; Restart or Delete it (item ${itemIndex}).`,
				itemIndex,
			});
		}
		const remaining = deadline - Date.now();
		if (remaining <= 0) {
			throw new NodeOperationError(ctx.getNode(), `${named(uuid, group)} is still ${String(group.status)} after ${wait.runningTimeoutMs / 1000} s`, {
				description: `ZStack goes on deploying it (${reasonOf(group)}). Follow it with Model Service Instance Group → Get, or raise the Running Timeout option (item ${itemIndex}).`,
				itemIndex,
			});
		}
		await sleep(Math.min(delay, remaining));
		delay = Math.min(delay * 2, wait.pollIntervalMs);
		const page = await queryPageOrHiccup(client, itemIndex, groupPath(uuid), Math.min(wait.requestTimeoutMs, Math.max(deadline - Date.now(), 1)));
		// No answer this time (a reset, a timeout, a proxy's page): the group is as last seen; look again.
		if (page === undefined) continue;
		const { inventories } = page;
		// A query for one UUID answers that group, whatever it says of its own uuid.
		const found = inventories.find((inventory) => inventoryUuidOf(inventory) === uuid) ?? (inventories.length === 1 ? inventories[0] : undefined);
		if (found === undefined) {
			throw new NodeOperationError(ctx.getNode(), `${named(uuid, group)} is gone: ZStack no longer lists it`, {
				description: `It was ${String(group.status)} when last seen; it may have been deleted while it was deploying (item ${itemIndex}).`,
				itemIndex,
			});
		}
		group = { uuid, ...found };
	}
}
