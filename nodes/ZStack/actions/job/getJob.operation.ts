import { queryOptionsCollection } from '../../descriptions/callOptions.description';
import { readCallOptions } from '../../readers/callOptions.reader';
import { readUuid } from '../../readers/uuid.reader';
import { lookUpJob } from '../../transport/jobStatus';
import { named } from '../fields';
import type { ZStackOperation } from '../operation';

/**
 * GET /v1/api-jobs/{uuid}: where a job stands. It follows a call made with Wait for Completion off, or one whose
 * tool call outlasted its Tool Timeout, without sending the call again.
 */
export const getJob: ZStackOperation = {
	option: named('Get Job', 'Look up an asynchronous ZStack job by its UUID: running, succeeded with its result, or failed with its error'),
	properties: [
		{
			displayName: 'Job UUID',
			name: 'jobUuid',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. 3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c',
			description:
				'The UUID of the ZStack job to look up: 32 hex characters (dashes allowed). A call made with Wait for Completion off outputs it as jobUuid; so does a tool call that outlasted its Tool Timeout.',
		},
		queryOptionsCollection,
	],

	async execute(itemIndex, client) {
		const jobUuid = readUuid(this, 'jobUuid', 'Job UUID', itemIndex);
		const { requestTimeoutMs } = readCallOptions(this, itemIndex);
		return { jobUuid, ...(await lookUpJob(client, itemIndex, jobUuid, requestTimeoutMs)) };
	},
};
