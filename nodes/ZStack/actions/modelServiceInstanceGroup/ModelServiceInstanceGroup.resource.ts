import { defineAction, defineDelete, defineGet, defineGetMany } from '../defineOperation';
import { integer, jsonObject, named, pick, targetOf, text } from '../fields';
import type { ZStackResource } from '../operation';

const instanceGroupUuid = (description: string) =>
	targetOf('instanceGroup', 'instanceGroupUuid', 'Instance Group', description);

/** The fields of UpdateModelServiceInstanceGroup (UpdateModelServiceInstanceGroup.md). */
const GROUP = {
	name: text('name', 'Name', 'New name of the instance group'),
	description: text('description', 'Description', 'Free text about the instance group'),
	environmentVariables: jsonObject('environmentVariables', 'Environment Variables', 'Environment variables of the instances, e.g. {"KEY": "value"}'),
	startupParameters: jsonObject('startupParameters', 'Startup Parameters', 'Startup parameters of the service'),
	serviceLivez: text('serviceLivez', 'Liveness Path', 'HTTP path that tells whether the service lives, e.g. /livez'),
	serviceReadyz: text('serviceReadyz', 'Readiness Path', 'HTTP path that tells whether the service is ready, e.g. /readyz'),
	serviceBootupTime: integer('serviceBootupTime', 'Boot-Up Time', 'Seconds the service may take to boot, e.g. 30'),
};

export const modelServiceInstanceGroup = {
	option: {
		name: 'Model Service Instance Group',
		value: 'modelServiceInstanceGroup',
		description: 'A deployed model service: its instances (VMs or containers), their status and URLs',
	},
	// Keys are the stored `operation` values.
	operations: {
		get: defineGet({
			option: named('Get Model Service Instance Group', 'Get an instance group by its UUID, with its status and instances (ZStack QueryModelServiceInstanceGroup)'),
			path: '/v1/ai/model-services/instances/groups/{instanceGroupUuid}', uuid: instanceGroupUuid('The instance group to get'),
			inventory: 'instanceGroup',
		}),
		getAll: defineGetMany({
			option: named(
				'Get Many Model Service Instance Groups',
				'List instance groups, filtered (e.g. by status) and sorted (ZStack QueryModelServiceInstanceGroup)',
			),
			// With the trailing slash, as the developer guide and the Go SDK write the list query.
			path: '/v1/ai/model-services/instances/groups/', inventory: 'instanceGroup', plural: 'instance groups',
			fieldExamples: 'status, name, modelServiceUuid',
		}),
		update: defineAction({
			option: named('Update Model Service Instance Group', "Change an instance group's fields (ZStack UpdateModelServiceInstanceGroup)"),
			api: 'UpdateModelServiceInstanceGroup', method: 'PUT', path: '/v1/model-service-instance-groups/{instanceGroupUuid}',
			wrapper: 'updateModelServiceInstanceGroup', uuids: [instanceGroupUuid('The instance group to update')],
			optionalCollection: 'updateFields', output: { inventory: 'instanceGroup' },
			optional: pick(GROUP, 'name', 'description', 'environmentVariables', 'startupParameters', 'serviceLivez', 'serviceReadyz', 'serviceBootupTime'),
		}),
		restart: defineAction({
			option: named('Restart Model Service Instance Group', 'Restart the instances of an instance group, e.g. one in a failed state (ZStack RestartModelServiceGroups)'),
			api: 'RestartModelServiceGroups', method: 'PUT', path: '/v1/model-service-instance-groups', wrapper: 'restartModelServiceGroups',
			uuids: [{ ...instanceGroupUuid('The instance group to restart'), bodyListField: 'uuids' }], output: 'results',
		}),
		delete: defineDelete({
			option: named('Delete Model Service Instance Group', 'Tear down a deployment: its instances and the group (ZStack DeleteModelServiceInstanceGroup)'),
			api: 'DeleteModelServiceInstanceGroup', path: '/v1/ai/model-services/instances/groups/{instanceGroupUuid}',
			uuid: instanceGroupUuid('The instance group to delete'),
		}),
	},
	defaultOperation: 'get',
} satisfies ZStackResource;
