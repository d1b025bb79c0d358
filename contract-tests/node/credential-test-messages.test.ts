import nock from 'nock';

import { useNockWithoutNetwork } from '../harness/contract';
import { bindParameters, bindPath } from '../harness/fixtures';
import { WorkflowHarness } from '../harness/workflow';

/**
 * The credential test (Account Login, the default) names where it went and what to check when no ZStack
 * answered there: a refused connection, an unknown host name, a web server that is not ZStack's REST API.
 * Before, it said `ECONNREFUSED`, `ENOTFOUND` or showed the web page's HTML.
 */
useNockWithoutNetwork();

const account = { authType: 'account', accountName: 'admin', password: 'password' };
const LOGIN = '/zstack/v1/accounts/login';

/** A network error as Node's socket raises it. */
const networkError = (code: string, message: string) => Object.assign(new Error(message), { code });

let harness: WorkflowHarness;
beforeEach(() => {
	harness = new WorkflowHarness();
});

/** The credential test with the login to `host` (at `origin`) failing with that network error. */
async function testWhenLoginFails(host: string, origin: string, code: string, message: string) {
	harness.saveCredential('zstack', { ...account, host });
	nock(origin).put(LOGIN).replyWithError(networkError(code, message));
	return await harness.testCredential();
}

test('connection refused: the host and port tried, the API port and a running management node to check', async () => {
	const result = await testWhenLoginFails('http://10.0.0.5:8080', 'http://10.0.0.5:8080', 'ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.5:8080');

	expect(result.status).toBe('Error');
	expect(result.message).toContain('Nothing answers at 10.0.0.5:8080 (connection refused)');
	expect(result.message).toContain('8080 unless a proxy fronts it');
	expect(result.message).toContain('management node is running');
});

test('a host typed without a port is tried on 8080, and the message says so', async () => {
	const result = await testWhenLoginFails('zstack.example.com', 'http://zstack.example.com:8080', 'ECONNREFUSED', 'connect ECONNREFUSED');

	expect(result.message).toContain('Nothing answers at zstack.example.com:8080');
});

test('unknown host name: the name, and that DNS did not know it', async () => {
	const result = await testWhenLoginFails('https://zstak.example.com', 'https://zstak.example.com', 'ENOTFOUND', 'getaddrinfo ENOTFOUND zstak.example.com');

	expect(result.status).toBe('Error');
	expect(result.message).toContain('The host name "zstak.example.com" is not known (DNS lookup failed)');
});

test.each([
	['ECONNABORTED', 'http', 'timeout of 60000ms exceeded', 'zstack.example.com:8080 did not answer in time.'],
	['EPROTO', 'https', 'wrong version number', 'zstack.example.com:8080 does not speak TLS as https:// expects.'],
	['SELF_SIGNED_CERT_IN_CHAIN', 'https', 'self-signed certificate in certificate chain', "The TLS certificate of zstack.example.com:8080 could not be verified (SELF_SIGNED_CERT_IN_CHAIN). If ZStack uses a self-signed certificate, turn on the credential's Ignore SSL Issues"],
])('%s over %s: what happened at which host and port, and what to check', async (code, scheme, message, expected) => {
	const origin = `${scheme}://zstack.example.com:8080`;
	const result = await testWhenLoginFails(origin, origin, code, message);

	expect(result.message).toContain(expected);
});

test('a web server that is not ZStack: a web page, not its HTML, and the API port to check', async () => {
	harness.saveCredential('zstack', { ...account, host: 'http://10.0.0.5:5000' });
	const page = '<!DOCTYPE html><html><head><title>ZStack Cloud</title></head><body><div id="app"></div></body></html>';
	nock('http://10.0.0.5:5000').put(LOGIN).reply(200, page, { 'Content-Type': 'text/html' });

	const result = await harness.testCredential();

	expect(result.status).toBe('Error');
	expect(result.message).toContain('10.0.0.5:5000 answered the login with a web page (HTTP 200)');
	expect(result.message).toContain('8080 unless a proxy fronts it');
	expect(result.message).not.toContain('<');
});

test.each([
	['Session UUID', { authType: 'session', sessionUuid: 'a'.repeat(32) }],
	['AccessKey', { authType: 'accessKey', accessKeyId: 'key', accessKeySecret: 'secret' }],
])('%s: a web server that is not ZStack answering 200 is not "tested successfully"', async (_, signIn) => {
	harness.saveCredential('zstack', { ...signIn, host: 'http://10.0.0.5:5000' });
	const page = '<!DOCTYPE html><html><head><title>ZStack Cloud</title></head><body><div id="app"></div></body></html>';
	nock('http://10.0.0.5:5000').get(/.*/).reply(200, page, { 'Content-Type': 'text/html' });

	const result = await harness.testCredential();

	expect(result).toEqual({ status: 'Error', message: expect.stringContaining("The Host answered with a web page, not as ZStack's REST API does") });
	expect(result.message).toContain('port 8080 unless a proxy fronts it');
});

test.each([
	[301, { Location: 'https://zstack.example.com/zstack/v1/accounts/login' }, 'failed with HTTP 301: a redirect to https://zstack.example.com, which the node does not follow'],
	[502, {}, "failed with HTTP 502: an error page from a proxy in front of ZStack, not ZStack's reply"],
])('a %s answered with a page is not taken for a wrong Host', async (status, headers, expected) => {
	harness.saveCredential('zstack', { ...account, host: 'http://zstack.example.com:8080' });
	const page = `<html><head><title>${status}</title></head><body><center><h1>${status}</h1></center><hr><center>nginx</center></body></html>`;
	nock('http://zstack.example.com:8080').put(LOGIN).reply(status, page, { 'Content-Type': 'text/html', ...headers });

	const result = await harness.testCredential();

	expect(result.message).toContain(expected);
	expect(result.message).not.toContain('web page');
});

test('in a workflow, a refused connection at login fails the item as any unreachable call does', async () => {
	harness.saveCredential('zstack', { ...account, host: 'http://10.0.0.5:8080' });
	nock('http://10.0.0.5:8080').put(LOGIN).replyWithError(networkError('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.5:8080'));

	const { error } = await harness.run({ parameters: bindParameters() });

	expect(error?.message).toBe('The service refused the connection - perhaps it is offline');
	expect(error?.description).toBe(
		`POST ${bindPath()} at http://10.0.0.5:8080 failed: connect ECONNREFUSED 10.0.0.5:8080. Check that the Host of the ZStack API credential is reachable from n8n.`,
	);
});
