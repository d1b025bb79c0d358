'use strict';
/*
 * End-to-end, real n8n: the editor's Test button (POST /rest/credentials/test, n8n's CredentialsTester) on an
 * Account Login credential whose Host is wrong says where it went and what to check — nothing listening, a host
 * name DNS does not know, a web server that is not ZStack — where n8n alone says `ECONNREFUSED`, `ENOTFOUND`
 * or shows the page's HTML; and a wrong password still gets ZStack's own message. A credential used before, whose
 * stored login session has since ended, still passes (it said "Service Unavailable"), and a wrong password or
 * AccessKey says what to check.
 */
const assert = require('node:assert/strict');
const http = require('node:http');
const { after, before, test } = require('node:test');

const { startSimulator } = require('../../contract-tests/simulator');
const { createN8n, ensureInstalled, freePort } = require('../n8n/runner');

/** @type {Awaited<ReturnType<typeof createN8n>>} */
let n8n;
/** @type {import('../../contract-tests/simulator').Simulator} */
let sim;
/** @type {http.Server} */
let webServer;
/** A login session ZStack does not know (any more). */
const ENDED_SESSION = 'deadbeefdeadbeefdeadbeefdeadbeef';
/** @type {Record<string, Record<string, unknown>>} the credentials tested, by id */
const credentials = {};

before(async () => {
	await ensureInstalled();
	sim = await startSimulator({ port: 0 });
	webServer = http.createServer((_request, response) => {
		response.writeHead(200, { 'content-type': 'text/html' });
		response.end('<!DOCTYPE html><html><head><title>Some web console</title></head><body></body></html>');
	});
	await new Promise((resolve) => webServer.listen(0, '127.0.0.1', () => resolve(undefined)));
	const { port: webPort } = /** @type {import('node:net').AddressInfo} */ (webServer.address());
	const login = { authType: 'account', accountName: sim.account.accountName, password: sim.account.password };
	Object.assign(credentials, {
		refused: { ...login, host: `http://127.0.0.1:${await freePort()}` },
		unknown: { ...login, host: 'http://no-such-host.invalid:8080' },
		webPage: { ...login, host: `http://127.0.0.1:${webPort}` },
		webPageSession: { authType: 'session', sessionUuid: 'a'.repeat(32), host: `http://127.0.0.1:${webPort}` },
		webPageAccessKey: { authType: 'accessKey', accessKeyId: 'key', accessKeySecret: 'secret', host: `http://127.0.0.1:${webPort}` },
		wrongPassword: { ...login, password: 'wrong', host: sim.url },
		right: { ...login, host: sim.url },
		// Used before: n8n stored the login session, which ZStack has since ended (2 idle hours).
		usedEnded: { ...login, host: sim.url, loginSessionUuid: ENDED_SESSION },
		usedPasswordChanged: { ...login, password: 'changed', host: sim.url, loginSessionUuid: ENDED_SESSION },
		wrongAccessKey: { ...sim.credentialFor('accessKey'), accessKeySecret: 'not-the-secret' },
	});
	n8n = await createN8n();
	await n8n.importCredentials(Object.entries(credentials).map(([id, data]) => ({ id, name: id, type: 'zStackApi', data })));
	await n8n.startServer();
	await n8n.setupOwner();
});
after(async () => {
	await n8n?.stop();
	await sim?.stop();
	webServer?.close();
});

/** The Test button on a stored credential. @param {string} id @returns {Promise<{ status: string, message: string }>} */
async function testCredential(id) {
	const credential = { id, name: id, type: 'zStackApi', data: credentials[id] };
	const reply = await n8n.request('POST', '/rest/credentials/test', { body: { credentials: credential } });
	assert.equal(reply.status, 200, reply.text);
	return reply.body.data;
}

test("the credential test names the host and port it tried and what to check, in n8n's own tester", async () => {
	const hostOf = (/** @type {string} */ id) => new URL(String(credentials[id].host)).host.replace(/\./g, '\\.');

	const refused = await testCredential('refused');
	assert.equal(refused.status, 'Error');
	assert.match(refused.message, new RegExp(`^Nothing answers at ${hostOf('refused')} \\(connection refused\\)`));
	assert.match(refused.message, /8080 unless a proxy fronts it/);

	const unknown = await testCredential('unknown');
	assert.equal(unknown.status, 'Error');
	assert.match(unknown.message, /host name "no-such-host\.invalid"/);

	const webPage = await testCredential('webPage');
	assert.equal(webPage.status, 'Error');
	assert.match(webPage.message, new RegExp(`^${hostOf('webPage')} answered the login with a web page \\(HTTP 200\\)`));
	assert.doesNotMatch(webPage.message, /</);

	// Session UUID and AccessKey go through n8n's declarative test: a page is still no ZStack.
	for (const id of ['webPageSession', 'webPageAccessKey']) {
		const page = await testCredential(id);
		assert.equal(page.status, 'Error', id);
		assert.match(page.message, /^The Host answered with a web page, not as ZStack's REST API does/, id);
	}

	const wrongPassword = await testCredential('wrongPassword');
	assert.equal(wrongPassword.status, 'Error');
	assert.match(wrongPassword.message, /Check the account name and password/);

	assert.deepEqual(await testCredential('right'), { status: 'OK', message: 'Connection successful!' });
});

test('a credential used before: an ended stored login passes, a changed password or a wrong AccessKey says what to check', async () => {
	assert.deepEqual(await testCredential('usedEnded'), { status: 'OK', message: 'Connection successful!' });

	for (const id of ['usedPasswordChanged', 'wrongAccessKey']) {
		const refused = await testCredential(id);
		assert.equal(refused.status, 'Error', id);
		assert.match(refused.message, /^ZStack refused the sign-in \(HTTP 503\): check the credential's account name and password, or its AccessKey ID and secret/, id);
	}
});
