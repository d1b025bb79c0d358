#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * Starts the ZStack simulator for a person:
 *   npm run simulator [-- --port 8989 --reply-mode sync --job-polls 2 --job-duration-ms 2000 --management-node-time-zone Asia/Shanghai
 *                         --check-time-zone --internal-job-host http://mn-internal.invalid:8080 --instance-group-start-ms 5000]
 * The port can also come from ZSTACK_SIM_PORT.
 */

const { parseArgs } = require('node:util');
const { startSimulator } = require('./index');

const DEFAULT_PORT = 8989;

async function main() {
	const { values } = parseArgs({
		options: {
			port: { type: 'string' },
			'reply-mode': { type: 'string', default: 'async' },
			'job-polls': { type: 'string', default: '1' },
			'job-duration-ms': { type: 'string', default: '0' },
			'management-node-time-zone': { type: 'string' },
			'check-time-zone': { type: 'boolean', default: false },
			'internal-job-host': { type: 'string', default: '' },
			'instance-group-start-ms': { type: 'string', default: '2000' },
		},
	});
	const port = Number(values.port ?? process.env.ZSTACK_SIM_PORT ?? DEFAULT_PORT);
	const replyMode = values['reply-mode'];
	if (replyMode !== 'async' && replyMode !== 'sync') throw new Error(`--reply-mode must be async or sync, got ${replyMode}`);

	const sim = await startSimulator({
		port,
		replyMode,
		jobPolls: Number(values['job-polls']),
		jobDurationMs: Number(values['job-duration-ms']),
		...(values['management-node-time-zone'] ? { managementNodeTimeZone: values['management-node-time-zone'] } : {}),
		checkTimeZone: values['check-time-zone'],
		internalJobHost: values['internal-job-host'],
		instanceGroupStartMs: Number(values['instance-group-start-ms']),
	});
	const { managementNodeTimeZone, checkTimeZone } = sim.options;
	const lines = [
		`ZStack simulator listening on ${sim.url} (${replyMode} replies)`,
		`  API base:        ${sim.url}/zstack/v1`,
		`  Clock:           ${managementNodeTimeZone}, checkTimeZone ${checkTimeZone} (AccessKey Date: ${
			checkTimeZone ? 'any correctly labelled time' : "this zone's wall clock, whatever its label"
		})`,
		`  Account:         ${sim.account.accountName} / ${sim.account.password}`,
		`  AccessKey:       ${sim.accessKey.accessKeyId} / ${sim.accessKey.accessKeySecret}`,
		`  Session uuid:    ${sim.createSession()}`,
		`  Models:          ${sim.seed.models.join(' ')}`,
		`  Model services:  ${sim.seed.modelServices.join(' ')}`,
		`  Instance groups: ${sim.seed.instanceGroups.join(' ')} (Running, Error, Error; up ${sim.options.instanceGroupStartMs} ms after a deploy or restart)`,
		`  Model center:    ${sim.seed.modelCenters.join(' ')}   Zone: ${sim.seed.zones.join(' ')}`,
		`  Control:         ${sim.url}/__simulator/{info,config,faults,sessions,expire-sessions,requests,state,reset}`,
		'Press Ctrl+C to stop.',
	];
	console.log(lines.join('\n'));

	const shutDown = () => {
		sim.stop().then(() => process.exit(0));
	};
	process.once('SIGINT', shutDown);
	process.once('SIGTERM', shutDown);
}

main().catch((error) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
