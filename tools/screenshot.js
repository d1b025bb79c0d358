'use strict';
/*
 * `npm run screenshot`: the README's picture of the ZStack node in n8n's editor, taken in headless
 * Chromium (Debian's `chromium` package) from a running instance with the example workflow open.
 */
const path = require('node:path');

const { chromium } = require('playwright-core');

const { exampleWithZStackNode, startStack } = require('./n8n/stack');

const OUTPUT = path.join(__dirname, '..', 'docs', 'images', 'zstack-node-in-n8n.png');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function main() {
	const stack = await startStack();
	let browser;
	try {
		const { url } = await stack.n8n.startServer();
		const owner = await stack.n8n.setupOwner();
		browser = await chromium.launch({
			executablePath: CHROMIUM,
			args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
		});
		const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
		await page.goto(`${url}/signin`);
		await page.getByLabel('Email').fill(owner.email);
		await page.getByLabel('Password').fill(owner.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForURL((address) => !address.pathname.startsWith('/signin'));

		// The editor opens a node's parameters when its id follows the workflow's in the URL.
		const { workflow, zstackNode } = exampleWithZStackNode(stack.examples, 'zstackExampleBind1');
		await page.goto(`${url}/workflow/${workflow.id}/${zstackNode.id}`);
		await page.getByText('Additional Fields', { exact: true }).first().waitFor().catch(async (error) => {
			await page.screenshot({ path: OUTPUT.replace('.png', '.failed.png') });
			throw error;
		});
		// Run it from the editor, so the picture shows ZStack's reply too.
		await page.locator('#app-modals').getByRole('button', { name: 'Execute step' }).first().click();
		await page.getByText('text to text model service').first().waitFor({ timeout: 60_000 });
		await page.locator('#app-modals').getByText('JSON', { exact: true }).last().click();
		await page.waitForTimeout(1000);
		await page.screenshot({ path: OUTPUT });
		process.stdout.write(`Saved ${OUTPUT}\n`);
	} finally {
		await browser?.close();
		await stack.stop();
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exit(1);
});
