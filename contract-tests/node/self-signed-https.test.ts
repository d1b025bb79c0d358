import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import nock from 'nock';

import { bindParameters, bindPath } from '../harness/fixtures';
import { WorkflowHarness } from '../harness/workflow';

const SESSION = '33333333333333333333333333333333';

/** A throwaway self-signed certificate, made for this run and deleted after it. */
function selfSignedCertificate(): { key: Buffer; cert: Buffer } {
	const dir = mkdtempSync(path.join(tmpdir(), 'zstack-tls-'));
	try {
		execFileSync('openssl', [
			'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
			'-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
		], { stdio: 'ignore' });
		return { key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** A ZStack look-alike on HTTPS: login, an async bind answered by one job poll, session check. */
let server: Server;
let host: string;
const seen: string[] = [];
/** The jobs the node named. */
const jobs: string[] = [];

beforeAll(async () => {
	nock.enableNetConnect('127.0.0.1');
	server = createServer(selfSignedCertificate(), (request, response) => {
		seen.push(`${request.method} ${request.url}`);
		response.setHeader('Content-Type', 'application/json');
		if (request.method === 'PUT' && request.url === '/zstack/v1/accounts/login') {
			response.end(JSON.stringify({ inventory: { uuid: SESSION } }));
		} else if (request.method === 'POST' && request.url === bindPath()) {
			response.statusCode = 202;
			jobs.push(String(request.headers['x-job-uuid']));
			response.end(JSON.stringify({ location: `http://mn-internal.invalid:8080/zstack/v1/api-jobs/${jobs[0]}` }));
		} else if (request.url === `/zstack/v1/api-jobs/${jobs[0]}`) {
			response.end(JSON.stringify({ inventory: { name: 'bound over TLS' } }));
		} else if (request.url === `/zstack/v1/accounts/sessions/${SESSION}/valid`) {
			response.end(JSON.stringify({ valid: true }));
		} else {
			response.statusCode = 404;
			response.end('no such api');
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	host = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await new Promise((resolve) => server.close(resolve));
	nock.restore();
});

beforeEach(() => (seen.length = 0));

const options = { options: { pollInterval: 0.01 } };

test.each([
	['session', { authType: 'session', sessionUuid: SESSION }],
	['account', { authType: 'account', accountName: 'admin', password: 'password' }],
])('%s auth: without "Ignore SSL Issues" the self-signed certificate is refused', async (_, credential) => {
	const harness = new WorkflowHarness();
	harness.saveCredential('zstack', { host, allowUnauthorizedCerts: false, ...credential });

	const { error } = await harness.run({ parameters: bindParameters(options) });

	expect(`${error?.message} ${error?.description}`).toMatch(/self[- ]signed certificate/i);
	expect(seen).toEqual([]);
});

test('account auth with "Ignore SSL Issues": login, call and job poll all succeed over TLS', async () => {
	const harness = new WorkflowHarness();
	harness.saveCredential('zstack', { host, allowUnauthorizedCerts: true, authType: 'account', accountName: 'admin', password: 'password' });

	const { output, error } = await harness.run({ parameters: bindParameters(options) });

	expect(error).toBeUndefined();
	expect(output.map((item) => item.json)).toEqual([{ name: 'bound over TLS' }]);
	expect(seen).toEqual(['PUT /zstack/v1/accounts/login', `POST ${bindPath()}`, `GET /zstack/v1/api-jobs/${jobs[0]}`]);
});

test('the credential test honours "Ignore SSL Issues" too', async () => {
	const harness = new WorkflowHarness();
	harness.saveCredential('zstack', { host, authType: 'session', sessionUuid: SESSION, allowUnauthorizedCerts: true });
	expect((await harness.testCredential()).status).toBe('OK');

	// n8n's tester shows the network code of a request it sent itself…
	harness.saveCredential('zstack', { host, authType: 'session', sessionUuid: SESSION, allowUnauthorizedCerts: false });
	expect(await harness.testCredential()).toEqual({ status: 'Error', message: 'DEPTH_ZERO_SELF_SIGNED_CERT' });

	// …and the node's words for its login, which names the setting to turn on.
	harness.saveCredential('zstack', { host, authType: 'account', accountName: 'admin', password: 'password', ignoreSslIssues: false });
	expect(await harness.testCredential()).toEqual({
		status: 'Error',
		message: `The TLS certificate of ${new URL(host).host} could not be verified (DEPTH_ZERO_SELF_SIGNED_CERT). If ZStack uses a self-signed certificate, turn on the credential's Ignore SSL Issues; otherwise check its Host.`,
	});
});
