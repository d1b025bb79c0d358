import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { request } from 'undici';

/** `npm run simulator` with the flags for the management node's clock and an internal job host. */
test('cli flags set the management node zone, checkTimeZone, the internal job host, the job duration and the instance groups\' start', async () => {
	const cli = spawn(
		process.execPath,
		[
			path.join(__dirname, 'cli.js'),
			'--port',
			'0',
			'--management-node-time-zone',
			'Asia/Shanghai',
			'--check-time-zone',
			'--internal-job-host',
			'http://mn-internal.invalid:8080',
			'--job-duration-ms',
			'2000',
			'--instance-group-start-ms',
			'5000',
		],
		{ stdio: ['ignore', 'pipe', 'pipe'] },
	);
	try {
		const banner = await new Promise<string>((resolve, reject) => {
			let text = '';
			cli.stdout.on('data', (chunk: Buffer) => {
				text += chunk.toString();
				if (text.includes('Press Ctrl+C')) resolve(text);
			});
			cli.once('exit', (code) => reject(new Error(`cli exited with ${code} before listening`)));
		});
		const url = /listening on (http:\/\/\S+)/.exec(banner)![1];

		const config = await (await request(`${url}/__simulator/config`)).body.json();

		expect(config).toMatchObject({ managementNodeTimeZone: 'Asia/Shanghai', checkTimeZone: true, internalJobHost: 'http://mn-internal.invalid:8080', jobDurationMs: 2000, instanceGroupStartMs: 5000 });
		expect(banner).toContain('Clock:           Asia/Shanghai, checkTimeZone true');
	} finally {
		if (cli.exitCode === null) {
			const exited = once(cli, 'exit');
			cli.kill('SIGTERM');
			await exited;
		}
	}
});
