import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { byUuid } from '../harness/fixtures';
import { PollHarness } from '../harness/poll';
import { WorkflowHarness } from '../harness/workflow';
import { startSimulator, type Simulator } from '../simulator';

/**
 * The ZStack Trigger's lifecycle events (issue 19, item 3) polled against the simulator, whose instance groups
 * come up as ZStack's do (Deploying or Starting, then Running, or Error under a fault); deploys, restarts and
 * deletes are made through the ZStack node, as a workflow would make them. A group comes up when the test says
 * so (`comesUp`), not on a clock, so each poll sees a known status.
 */

const fastPolling = { pollInterval: 0.01, jobTimeout: 5 };

let sim: Simulator;
let node: WorkflowHarness;
let credential: { host: string; authType: string; accountName: string; password: string };

beforeAll(async () => {
	// Groups come up only when a test makes them (comesUp): ten minutes is beyond any test.
	sim = await startSimulator({ replyMode: 'async', jobPolls: 1, instanceGroupStartMs: 10 * 60_000 });
});
afterAll(() => sim.stop());
beforeEach(() => {
	sim.reset();
	credential = { host: sim.url, authType: 'account', ...sim.account };
	node = new WorkflowHarness();
	node.saveCredential('zstack', credential);
});

/** A trigger with its own static data, as each active workflow has. */
function newTrigger(): PollHarness {
	const trigger = new PollHarness();
	trigger.saveCredential('zstack', credential);
	return trigger;
}

async function runNode(parameters: INodeParameters): Promise<IDataObject> {
	const { output, error } = await node.run({ parameters: { ...parameters, options: { ...fastPolling, ...(parameters.options as IDataObject) } } });
	expect(error).toBeUndefined();
	return output[0].json;
}

/** Deploys the text model service through the node without waiting; the new group, still Deploying. */
async function deploy(name: string): Promise<IDataObject> {
	return runNode({
		resource: 'modelService',
		operation: 'deploy',
		modelServiceUuid: byUuid(sim.seed.modelServices[0]),
		zoneUuid: byUuid(sim.seed.zones[0]),
		name,
		type: 'VirtualMachine',
		options: { waitUntilRunning: false },
	});
}

const restart = (group: string) => runNode({ resource: 'modelServiceInstanceGroup', operation: 'restart', instanceGroupUuid: byUuid(group) });

/** The group's pending status change (Running, or Error under the fault) is due now. */
function comesUp(group: string): void {
	const change = sim.state.instanceGroupChanges.get(group);
	if (change === undefined) throw new Error(`instance group ${group} is not coming up`);
	change.at = 0;
}

const statusChanged = (toStatuses?: string): INodeParameters => ({ event: 'instanceGroupStatusChanged', ...(toStatuses === undefined ? {} : { toStatuses }) });
const statuses = (items: IDataObject[] | null) => (items ?? []).map((item) => [item.instanceGroupUuid, item.previousStatus, item.status]);

describe('Model Service Deployed', () => {
	test('a deploy through the node is one item naming the new group and its service, with the whole group; once', async () => {
		const trigger = newTrigger();
		expect(await trigger.poll({ event: 'modelServiceDeployed' })).toBeNull();
		expect(await trigger.poll({ event: 'modelServiceDeployed' })).toBeNull();

		const group = await deploy('qwen-chat-2');
		const items = await trigger.poll({ event: 'modelServiceDeployed' });

		expect(items).toHaveLength(1);
		expect(items![0]).toMatchObject({ event: 'modelServiceDeployed', instanceGroupUuid: group.uuid, modelServiceUuid: sim.seed.modelServices[0] });
		expect(items![0].inventory).toMatchObject({ uuid: group.uuid, name: 'qwen-chat-2', status: 'Deploying' });
		comesUp(String(group.uuid));
		expect(await trigger.poll({ event: 'modelServiceDeployed' })).toBeNull();
	});
});

describe('Instance Group Status Changed', () => {
	test('a deployed group is reported from its first status, then Deploying → Running; nothing on polls where nothing changed', async () => {
		const trigger = newTrigger();
		expect(await trigger.poll(statusChanged())).toBeNull();

		const group = String((await deploy('qwen-chat-2')).uuid);
		expect(statuses(await trigger.poll(statusChanged()))).toEqual([[group, undefined, 'Deploying']]);
		expect(await trigger.poll(statusChanged())).toBeNull();
		comesUp(group);
		const items = await trigger.poll(statusChanged());

		expect(statuses(items)).toEqual([[group, 'Deploying', 'Running']]);
		expect(items![0]).toMatchObject({ event: 'instanceGroupStatusChanged', modelServiceUuid: sim.seed.modelServices[0] });
		expect(items![0].inventory).toMatchObject({ uuid: group, status: 'Running', instances: [{ status: 'Running' }] });
		expect(await trigger.poll(statusChanged())).toBeNull();
	});

	test('a group that came up between two polls is one change to Running (no previous status): To Statuses = Running fires once', async () => {
		const trigger = newTrigger();
		expect(await trigger.poll(statusChanged('Running'))).toBeNull();

		const group = String((await deploy('qwen-chat-2')).uuid);
		comesUp(group);

		expect(statuses(await trigger.poll(statusChanged('Running')))).toEqual([[group, undefined, 'Running']]);
		expect(await trigger.poll(statusChanged('Running'))).toBeNull();
	});

	test('To Statuses = Error: nothing while deploys come up Running, then the failing deploy, seen Deploying, turning Error', async () => {
		const trigger = newTrigger();
		expect(await trigger.poll(statusChanged('Error'))).toBeNull();
		const running = String((await deploy('qwen-chat-2')).uuid);
		expect(await trigger.poll(statusChanged('Error'))).toBeNull();
		comesUp(running);
		expect(await trigger.poll(statusChanged('Error'))).toBeNull();

		sim.injectFault({ api: 'DeployModelService', kind: 'instanceGroupFails' });
		const failing = String((await deploy('qwen-chat-3')).uuid);
		expect(await trigger.poll(statusChanged('Error'))).toBeNull();
		comesUp(failing);

		expect(statuses(await trigger.poll(statusChanged('Error')))).toEqual([[failing, 'Deploying', 'Error']]);
		expect(await trigger.poll(statusChanged('Error'))).toBeNull();
	});

	test('a failing deploy that failed between two polls is one change to Error', async () => {
		const trigger = newTrigger();
		expect(await trigger.poll(statusChanged('error'))).toBeNull();
		sim.injectFault({ api: 'DeployModelService', kind: 'instanceGroupFails' });
		const failing = String((await deploy('qwen-chat-2')).uuid);
		comesUp(failing);

		expect(statuses(await trigger.poll(statusChanged('error')))).toEqual([[failing, undefined, 'Error']]);
	});

	test('a restart of a group in Error is Error → Starting, then Starting → Running, as the polls see it', async () => {
		const [, failed] = sim.seed.instanceGroups;
		const trigger = newTrigger();
		expect(await trigger.poll(statusChanged())).toBeNull();

		await restart(failed);
		expect(statuses(await trigger.poll(statusChanged()))).toEqual([[failed, 'Error', 'Starting']]);
		comesUp(failed);
		expect(statuses(await trigger.poll(statusChanged()))).toEqual([[failed, 'Starting', 'Running']]);
		expect(await trigger.poll(statusChanged())).toBeNull();
	});

	test('a restart that came up between two polls is one change, Error → Running', async () => {
		const [, failed] = sim.seed.instanceGroups;
		const trigger = newTrigger();
		expect(await trigger.poll(statusChanged('Running'))).toBeNull();

		await restart(failed);
		comesUp(failed);

		expect(statuses(await trigger.poll(statusChanged('Running')))).toEqual([[failed, 'Error', 'Running']]);
	});
});

describe('Model Deleted', () => {
	test('a delete through the node is one item naming the model, once the model was missing from two polls; once', async () => {
		const [qwen] = sim.seed.models;
		const trigger = newTrigger();
		expect(await trigger.poll({ event: 'modelDeleted' })).toBeNull();

		await runNode({ resource: 'model', operation: 'delete', modelUuid: byUuid(qwen) });
		expect(await trigger.poll({ event: 'modelDeleted' })).toBeNull();

		expect(await trigger.poll({ event: 'modelDeleted' })).toEqual([{ event: 'modelDeleted', modelUuid: qwen }]);
		expect(await trigger.poll({ event: 'modelDeleted' })).toBeNull();
	});
});
