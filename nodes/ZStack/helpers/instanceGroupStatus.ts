import type { IDataObject } from 'n8n-workflow';

/**
 * What an instance group's status says about a deployment. The reference documents two statuses,
 * `Deploying` and `Running` (QueryModelServiceInstanceGroup.md: group and instance statuses in the developer
 * guide's example; DeployModelService.md: the reply's status). Failed states are not documented: a status
 * that speaks of an error, a failure, a stop or an unknown state is taken as one; any other (Deploying,
 * Starting, Restarting, …) as still coming up, until the Running Timeout.
 */
export const RUNNING_STATUS = 'Running';

const FAILED_STATUS = /error|fail|stop|unknown/i;

export type Progress = 'running' | 'failed' | 'starting';

export function progressOf(group: IDataObject): Progress {
	const { status } = group;
	if (status === RUNNING_STATUS) return 'running';
	return typeof status === 'string' && FAILED_STATUS.test(status) ? 'failed' : 'starting';
}

/** The Running Timeout option's default and bounds, in seconds: deployments pull images and start VMs for minutes. */
export const RUNNING_TIMEOUT = { default: 1800, min: 1, max: 7 * 24 * 3600 } as const;

/** The first look at a group that is still starting comes this soon; each later wait doubles, up to the Poll Interval. */
export const FIRST_STATUS_POLL_MS = 250;

/**
 * Why a group is where it is, in ZStack's words: the statuses of its instances that are not running, and any
 * text field of the group or an instance that names a reason or an error (the reference documents none).
 */
export function reasonOf(group: IDataObject): string {
	const reasons: string[] = [];
	const explained = (inventory: IDataObject, who: string) => {
		for (const [field, value] of Object.entries(inventory)) {
			if (/reason|error|message/i.test(field) && typeof value === 'string' && value !== '') reasons.push(`${who}${field}: ${value}`);
		}
	};
	explained(group, '');
	const instances = Array.isArray(group.instances) ? group.instances : [];
	for (const instance of instances) {
		if (instance === null || typeof instance !== 'object' || Array.isArray(instance)) continue;
		const { uuid, status } = instance as IDataObject;
		if (status !== RUNNING_STATUS) reasons.push(`instance ${String(uuid)} is ${String(status)}`);
		explained(instance as IDataObject, `instance ${String(uuid)} `);
	}
	return reasons.length > 0 ? reasons.join('; ') : 'ZStack gave no reason';
}
