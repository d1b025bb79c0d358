import { api } from './api/Api.resource';
import { job } from './job/Job.resource';
import { model } from './model/Model.resource';
import { modelCenter } from './modelCenter/ModelCenter.resource';
import { modelService } from './modelService/ModelService.resource';
import { modelServiceInstanceGroup } from './modelServiceInstanceGroup/ModelServiceInstanceGroup.resource';
import type { ZStackResource } from './operation';

/** Every resource of the node, keyed by its `resource` value: the node's one registry of operations. */
export const resources = {
	model,
	modelService,
	modelServiceInstanceGroup,
	modelCenter,
	api,
	job,
} satisfies Record<string, ZStackResource>;

/** Which operations each resource has, e.g. `ZStackType['model']` is `'bindToService' | 'get' | …`. */
export type ZStackType = { [R in keyof typeof resources]: keyof (typeof resources)[R]['operations'] };
