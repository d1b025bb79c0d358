import { defineAction, defineGet, defineGetMany } from '../defineOperation';
import { integer, jsonObject, targetOf, text } from '../fields';
import type { ZStackResource } from '../operation';

const instanceGroupUuid = (description: string) =>
	targetOf('instanceGroup', 'instanceGroupUuid', 'Instance Group', description);

export const modelServiceInstanceGroup = {
	option: {
		name: 'Model Service Instance Group',
		value: 'modelServiceInstanceGroup',
		description: 'A deployed model service: its instances (VMs or containers), their status and URLs',
	},
	// Keys are the stored `operation` values.
	operations: {
		get: defineGet({
			option: {
				name: 'Get Model Service Instance Group',
				description: 'Get an instance group by its UUID, with its status and instances (ZStack QueryModelServiceInstanceGroup)',
				action: 'Get model service instance group',
			},
			path: '/v1/ai/model-services/instances/groups/{instanceGroupUuid}',
			uuid: instanceGroupUuid('The instance group to get'),
			inventory: 'instanceGroup',
			simplifyByDefault: true,
		}),
		getAll: defineGetMany({
			option: {
				name: 'Get Many Model Service Instance Groups',
				description: 'List instance groups, filtered (e.g. by status) and sorted (ZStack QueryModelServiceInstanceGroup)',
				action: 'Get many model service instance groups',
			},
			// With the trailing slash, as the developer guide and the Go SDK write the list query.
			path: '/v1/ai/model-services/instances/groups/',
			inventory: 'instanceGroup',
			plural: 'instance groups',
			fieldExamples: 'status, name, modelServiceUuid',
			simplifyByDefault: true,
		}),
		update: defineAction({
			api: 'UpdateModelServiceInstanceGroup',
			option: {
				name: 'Update Model Service Instance Group',
				description: "Change an instance group's fields (ZStack UpdateModelServiceInstanceGroup)",
				action: 'Update model service instance group',
			},
			method: 'PUT',
			path: '/v1/model-service-instance-groups/{instanceGroupUuid}',
			uuids: [instanceGroupUuid('The instance group to update')],
			wrapper: 'updateModelServiceInstanceGroup',
			optional: [
				text('name', 'Name', 'New name of the instance group'),
				text('description', 'Description', 'Free text about the instance group'),
				jsonObject('environmentVariables', 'Environment Variables', 'Environment variables of the instances, e.g. {"KEY": "value"}'),
				jsonObject('startupParameters', 'Startup Parameters', 'Startup parameters of the service'),
				text('serviceLivez', 'Liveness Path', 'HTTP path that tells whether the service lives, e.g. /livez'),
				text('serviceReadyz', 'Readiness Path', 'HTTP path that tells whether the service is ready, e.g. /readyz'),
				integer('serviceBootupTime', 'Boot-Up Time', 'Seconds the service may take to boot, e.g. 30'),
			],
			optionalCollection: 'updateFields',
			output: { inventory: 'instanceGroup' },
			simplifyByDefault: true,
		}),
		restart: defineAction({
			api: 'RestartModelServiceGroups',
			option: {
				name: 'Restart Model Service Instance Group',
				description: 'Restart the instances of an instance group, e.g. one in a failed state (ZStack RestartModelServiceGroups)',
				action: 'Restart model service instance group',
			},
			method: 'PUT',
			path: '/v1/model-service-instance-groups',
			uuids: [{ ...instanceGroupUuid('The instance group to restart'), bodyListField: 'uuids' }],
			wrapper: 'restartModelServiceGroups',
			output: 'results',
			simplifyByDefault: true,
		}),
		delete: defineAction({
			api: 'DeleteModelServiceInstanceGroup',
			option: {
				name: 'Delete Model Service Instance Group',
				description: 'Tear down a deployment: its instances and the group (ZStack DeleteModelServiceInstanceGroup)',
				action: 'Delete model service instance group',
			},
			method: 'DELETE',
			path: '/v1/ai/model-services/instances/groups/{instanceGroupUuid}',
			uuids: [instanceGroupUuid('The instance group to delete')],
			deleteMode: true,
			output: { done: null },
			simplifyByDefault: true,
		}),
	},
	defaultOperation: 'get',
} satisfies ZStackResource;
