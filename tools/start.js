'use strict';
/*
 * `npm start`: the simulator and a real n8n editor with the node, a ready "ZStack (simulator)"
 * credential and the example workflows. n8n's data (workflows, credentials, executions, the owner)
 * stays in dataFolder() between starts; `npm start -- --fresh` starts from an empty one. Runs until Ctrl-C.
 */
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const install = require('./n8n/install');
const { startStack } = require('./n8n/stack');

const EDITOR_PORT = Number(process.env.N8N_PORT ?? 5678);
const SIMULATOR_PORT = Number(process.env.ZSTACK_SIM_PORT ?? 8989);

/** One folder per n8n major version: n8n migrates its database forward only. */
function dataFolder() {
	const dataHome = process.env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
	return path.join(dataHome, 'n8n-nodes-zstack', `n8n-${install.N8N_VERSION.split('.')[0]}`);
}

/** @param {string} line */
function say(line) {
	process.stdout.write(`[start] ${line}\n`);
}

/**
 * Says what is being done, then how long it took (and every 15 s that it goes on).
 * @template T @param {string} what @param {() => Promise<T>} work
 */
async function step(what, work) {
	say(`${what} ...`);
	const t0 = Date.now();
	const seconds = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
	const heartbeat = setInterval(() => say(`... ${seconds()} so far`), 15_000);
	try {
		const result = await work();
		say(`${what}: done in ${seconds()}`);
		return result;
	} finally {
		clearInterval(heartbeat);
	}
}

/** Fails before anything starts when a port is taken, naming the variable that moves it. @param {number} port @param {string} variable */
function assertPortFree(port, variable) {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', () =>
			reject(new install.UserFacingError(`Port ${port} is taken (another n8n, or an earlier npm start?). Choose another: ${variable}=${port + 1} npm start`)),
		);
		probe.listen(port, '127.0.0.1', () => probe.close(resolve));
	});
}

async function main() {
	// Until the stack can stop itself, Ctrl-C exits at once; the runner's exit hook ends the children.
	process.once('SIGINT', () => process.exit(130));
	await assertPortFree(EDITOR_PORT, 'N8N_PORT');
	await assertPortFree(SIMULATOR_PORT, 'ZSTACK_SIM_PORT');
	const userFolder = dataFolder();
	if (process.argv.includes('--fresh') && fs.existsSync(userFolder)) {
		say(`--fresh: removing ${userFolder} (workflows, credentials, executions of earlier starts)`);
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
	say(`n8n's data folder: ${userFolder} (kept between starts; npm start -- --fresh starts clean)`);
	const stack = await startStack({ simulator: { port: SIMULATOR_PORT }, userFolder, step });
	const stopAndExit = () => {
		say('stopping n8n and the ZStack simulator ...');
		return stack.stop().finally(() => {
			say(`stopped; your workflows and credentials stay in ${userFolder}`);
			process.exit(0);
		});
	};
	process.removeAllListeners('SIGINT');
	process.once('SIGINT', stopAndExit);
	process.once('SIGTERM', stopAndExit);

	const { url } = await step(`starting n8n ${install.N8N_VERSION} on port ${EDITOR_PORT}`, () =>
		stack.n8n.startServer({ port: EDITOR_PORT }),
	);
	const owner = await stack.n8n.setupOwner();
	const lines = [
		'',
		`ZStack simulator:  ${stack.sim.url}  (account ${stack.sim.account.accountName} / ${stack.sim.account.password})`,
		`n8n editor:        ${url}`,
		`  sign in as       ${owner.email} / ${owner.password}`,
		...stack.examples.map((workflow) => `  example:         ${url}/workflow/${workflow.id}  (${workflow.name})`),
		'Credential "ZStack (simulator)" is ready (Account Login). Press Ctrl-C to stop.',
		'',
	];
	process.stdout.write(lines.join('\n'));
}

main().catch((error) => {
	process.stderr.write(`${error instanceof install.UserFacingError ? error.message : (error.stack ?? error)}\n`);
	process.exit(1);
});
