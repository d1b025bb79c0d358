'use strict';
/*
 * `npm start`: the simulator and a real n8n editor with the node, a ready "ZStack (simulator)"
 * credential and the example workflows. Runs until Ctrl-C.
 */
const { startStack } = require('./n8n/stack');

const EDITOR_PORT = Number(process.env.N8N_PORT ?? 5678);

async function main() {
	const stack = await startStack({ simulator: { port: Number(process.env.ZSTACK_SIM_PORT ?? 8989) } });
	const stopAndExit = () => stack.stop().finally(() => process.exit(0));
	process.once('SIGINT', stopAndExit);
	process.once('SIGTERM', stopAndExit);

	const { url } = await stack.n8n.startServer({ port: EDITOR_PORT });
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
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
