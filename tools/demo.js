'use strict';
/*
 * `npm run demo`: runs the example workflow headless in a real n8n against the simulator and
 * prints the ZStack node's output items as JSON. Exits non-zero when the run fails.
 */
const { exampleWithZStackNode, startStack } = require('./n8n/stack');

async function main() {
	const stack = await startStack();
	try {
		const { workflow, zstackNode } = exampleWithZStackNode(stack.examples, 'zstackExampleBind1');
		const result = await stack.n8n.execute(workflow.id);
		if (!result.ok) {
			process.stderr.write(`The example workflow failed: ${JSON.stringify(result.error, null, 2)}\n`);
			process.exitCode = 1;
			return;
		}
		process.stdout.write(`Output of "${zstackNode.name}" in "${workflow.name}":\n`);
		process.stdout.write(`${JSON.stringify(result.output(zstackNode.name), null, 2)}\n`);
	} finally {
		await stack.stop();
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
