'use strict';
/*
 * `npm run demo [-- <example>]`: runs an example workflow from examples/ headless in a real n8n against the
 * simulator and prints the output of its last node as JSON. <example> is a file name without .json (e.g.
 * start-stopped-build-agents, deploy-model-service, nightly-restart-failed-instance-groups) or a workflow id;
 * bind-model-to-service by default. In the simulator a deployed instance group comes up in 2 s. A workflow that starts
 * with the ZStack Trigger is activated in a running n8n; the demo then binds a model through the ZStack
 * node (the bind-model-to-service example) and waits for the trigger's next poll (once a minute) to run it.
 * Exits non-zero when the run fails.
 */
const { findExample, startStack, startWithActiveWorkflows, waitForExecution } = require('./n8n/stack');

const ZSTACK_TRIGGER = 'n8n-nodes-zstack.zStackTrigger';

/** @param {string} text */
const say = (text) => process.stdout.write(`${text}\n`);

async function main() {
	const example = findExample(process.argv[2] ?? 'bind-model-to-service');
	const stack = await startStack();
	try {
		if (example.nodes.some((node) => node.type === ZSTACK_TRIGGER)) {
			await startWithActiveWorkflows(stack.n8n, [example.id]);
			say(`"${example.name}" is active; binding a model through the ZStack node…`);
			const bind = await stack.n8n.execute('zstackExampleBind1');
			if (!bind.ok) throw new Error(`the bind failed: ${JSON.stringify(bind.error)}`);
			say('Waiting for the trigger’s next poll (at most a minute)…');
			const execution = await waitForExecution(stack.n8n, example.id);
			const last = example.nodes[example.nodes.length - 1].name;
			say(`Output of "${last}" in "${example.name}" (execution ${execution.id}, ${execution.status}):`);
			say(JSON.stringify(execution.output(last), null, 2));
			if (execution.status !== 'success') process.exitCode = 1;
			return;
		}
		const result = await stack.n8n.execute(example.id);
		if (!result.ok) {
			process.stderr.write(`The example workflow failed: ${JSON.stringify(result.error, null, 2)}\n`);
			process.exitCode = 1;
			return;
		}
		say(`Output of "${result.lastNodeExecuted}" in "${example.name}":`);
		say(JSON.stringify(result.output(result.lastNodeExecuted), null, 2));
	} finally {
		await stack.stop();
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
