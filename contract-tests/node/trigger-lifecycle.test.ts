import type { IDataObject } from 'n8n-workflow';

import { useNockWithoutNetwork } from '../harness/contract';
import { sessionCredential } from '../harness/fixtures';
import { INSTANCE_GROUPS_PATH, ListingServer, minutesAgo, uuidFor } from '../harness/listing-server';
import { PollHarness } from '../harness/poll';

/**
 * The ZStack Trigger follows model service deployments (issue 19, item 3): instance groups appearing and
 * changing status, read from QueryModelServiceInstanceGroup (`GET zstack/v1/ai/model-services/instances/groups/`).
 */

useNockWithoutNetwork();

/**
 * The developer guide's example reply, verbatim (shared/reference/aios-api/QueryModelServiceInstanceGroup.md):
 * the group has no `uuid` of its own, its instance names it (`modelServiceGroupUuid`).
 */
const DOCUMENTED_GROUP: IDataObject = {
	modelServiceUuid: '732f371cb8194439b2a08054a9bc061a',
	instances: [
		{
			uuid: '949c9938215c474e8725fea42e05943d',
			modelServiceGroupUuid: '3434bd0a20a1441bbfb61cab1c3f6960',
			yaml: 'service: service',
			status: 'Deploying',
			url: 'http://127.0.0.1:3000',
			vmInstanceUuid: 'acb334387fe64feaa24939f29a27dc0f',
			accountUuid: 'f4714dc111d641d8b5b011d603bd0917',
			createDate: 'Nov 14, 2017 10:20:57 PM',
			lastOpDate: 'Nov 14, 2017 10:20:57 PM',
		},
	],
	status: 'Deploying',
	name: 'example',
	description: 'example description',
	createDate: 'Nov 14, 2017 10:20:57 PM',
	lastOpDate: 'Nov 14, 2017 10:20:57 PM',
};
const DOCUMENTED_GROUP_UUID = '3434bd0a20a1441bbfb61cab1c3f6960';

let zstack: ListingServer;
let trigger: PollHarness;
let groups: IDataObject[];

beforeEach(() => {
	zstack = new ListingServer();
	groups = zstack.lists[INSTANCE_GROUPS_PATH];
	trigger = new PollHarness();
	trigger.saveCredential('zstack', sessionCredential);
});

/** A deployment of a model service as its own uuid names it, created `minutes` ago. */
function group(index: number, status: string, minutes: number): IDataObject {
	return { uuid: uuidFor('e0', index), modelServiceUuid: uuidFor('c0', index), name: `group ${index}`, status, createDate: minutesAgo(minutes) };
}

describe('Instance Group Status Changed', () => {
	const statusChanged = (toStatuses?: string) => ({ event: 'instanceGroupStatusChanged', ...(toStatuses === undefined ? {} : { toStatuses }) });

	test("the documented group going from Deploying to Running is one item naming it, its service and both statuses", async () => {
		groups.push(structuredClone(DOCUMENTED_GROUP));
		expect(await trigger.poll(statusChanged())).toBeNull();
		groups[0].status = 'Running';

		const items = await trigger.poll(statusChanged());

		expect(items).toEqual([
			{
				event: 'instanceGroupStatusChanged',
				instanceGroupUuid: DOCUMENTED_GROUP_UUID,
				modelServiceUuid: '732f371cb8194439b2a08054a9bc061a',
				previousStatus: 'Deploying',
				status: 'Running',
				inventory: { ...DOCUMENTED_GROUP, status: 'Running' },
			},
		]);
		expect(await trigger.poll(statusChanged())).toBeNull();
	});

	test('To Statuses reports only changes to those statuses (letter case ignored); the others are passed over, not kept for later', async () => {
		groups.push(group(1, 'Deploying', 60), group(2, 'Deploying', 50));
		expect(await trigger.poll(statusChanged('running, Error'))).toBeNull();
		groups[0].status = 'Error';
		groups[1].status = 'Stopped';

		const items = await trigger.poll(statusChanged('running, Error'));

		expect(items?.map((item) => [item.instanceGroupUuid, item.previousStatus, item.status])).toEqual([[uuidFor('e0', 1), 'Deploying', 'Error']]);
		groups[1].status = 'Running';
		expect((await trigger.poll(statusChanged('running, Error')))?.map((item) => [item.instanceGroupUuid, item.status])).toEqual([
			[uuidFor('e0', 2), 'Running'],
		]);
	});

	test('a group deployed since the last poll is a change from no status to its first; an older one entering the list is none', async () => {
		groups.push(group(1, 'Running', 60), group(3, 'Running', 2 * 1440));
		zstack.hidden.add(uuidFor('e0', 3));
		expect(await trigger.poll(statusChanged('Running'))).toBeNull();
		zstack.hidden.clear();
		groups.unshift(group(2, 'Running', 0));

		const items = await trigger.poll(statusChanged('Running'));

		expect(items?.map((item) => [item.instanceGroupUuid, item.previousStatus, item.status])).toEqual([[uuidFor('e0', 2), undefined, 'Running']]);
		expect(items?.[0]).not.toHaveProperty('previousStatus');
		expect(await trigger.poll(statusChanged('Running'))).toBeNull();
	});

	test('a reply without a status, or without the group, changes nothing', async () => {
		groups.push(group(1, 'Running', 60));
		expect(await trigger.poll(statusChanged())).toBeNull();
		zstack.queued[INSTANCE_GROUPS_PATH].push({ inventories: [{ ...groups[0], status: undefined }], total: 1 }, { inventories: [], total: 0 });

		expect(await trigger.poll(statusChanged())).toBeNull();
		expect(await trigger.poll(statusChanged())).toBeNull();
		expect(await trigger.poll(statusChanged())).toBeNull();
	});
});

describe('Model Service Deployed', () => {
	test('a new instance group is one item naming the model service and the group, with the whole group', async () => {
		groups.push(group(1, 'Running', 60));
		expect(await trigger.poll({ event: 'modelServiceDeployed' })).toBeNull();
		const deployed = group(2, 'Deploying', 0);
		groups.unshift(deployed);

		const items = await trigger.poll({ event: 'modelServiceDeployed' });

		expect(items).toEqual([{ event: 'modelServiceDeployed', instanceGroupUuid: uuidFor('e0', 2), modelServiceUuid: uuidFor('c0', 2), inventory: deployed }]);
		expect(await trigger.poll({ event: 'modelServiceDeployed' })).toBeNull();
	});

	test('an older group that enters the watched list (a filter now matches it) is no deployment', async () => {
		groups.push(group(1, 'Running', 60), group(2, 'Running', 2 * 1440));
		zstack.hidden.add(uuidFor('e0', 2));
		expect(await trigger.poll({ event: 'modelServiceDeployed' })).toBeNull();
		zstack.hidden.clear();

		expect(await trigger.poll({ event: 'modelServiceDeployed' })).toBeNull();
	});
});
