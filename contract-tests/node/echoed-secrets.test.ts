import { createHash } from 'node:crypto';

import type { INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { recordRequests, useNockWithoutNetwork, type SeenRequest } from '../harness/contract';
import { bindParameters, bindPath, HOST, SESSION, sessionCredential } from '../harness/fixtures';
import { acceptedAsNamed, JOB_POLL } from '../harness/named-jobs';
import { type RunResult, WorkflowHarness } from '../harness/workflow';

/**
 * N5: a server or proxy that reflects the request (its headers, its body) must not carry the sign-in into any
 * text the node produces: the error's message, description, messages, stack and error response, the Continue On
 * Fail item, the run's data. Each failure path below answers with such an echo.
 */

useNockWithoutNetwork();

const PASSWORD = 'correct horse battery staple';
const ISSUED_SESSION = '1551ed5e5510000000000000000000aa';
const ACCESS_KEY_SECRET = 'secretOfTheAccessKeyUsedInTheseTests01';

const credentials = {
	'a session UUID': sessionCredential,
	'an account login': { host: HOST, authType: 'account', accountName: 'admin', password: PASSWORD },
	'an AccessKey': { host: HOST, authType: 'accessKey', accessKeyId: 'AKIDZSTACKTEST000001', accessKeySecret: ACCESS_KEY_SECRET, managementNodeTimeZone: 'UTC' },
};

/** The request as a reflecting server writes it back: the body, then every header. */
function echoOf(uri: string, headers: SeenRequest['headers'], body: unknown): string {
	return `${typeof body === 'string' ? body : JSON.stringify(body)} ${JSON.stringify(headers)} ${uri}`;
}

/** Interceptors that answer with an echo: `[status, reply(echo)]`. */
function echoing(interceptor: nock.Interceptor, answer: (echo: string) => [number, string | object]) {
	return interceptor.times(1000).reply(function (uri, body) {
		return answer(echoOf(uri, this.req.headers, body));
	});
}

const plainText = (status: number) => (echo: string): [number, string] => [status, echo];
const zstackError = (code: string) => (echo: string): [number, object] => [503, { error: { code, description: 'as echoed', details: echo } }];

/** Every failure path, set up on a scope whose logins succeed. */
const paths: Record<string, { serve: (scope: nock.Scope) => void; parameters?: INodeParameters; accountOnly?: boolean; echoShown?: false }> = {
	'a call answered in plain text': { serve: (scope) => echoing(scope.post(bindPath()), plainText(400)) },
	'a call answered with a ZStack error': { serve: (scope) => echoing(scope.post(bindPath()), zstackError('SYS.1007')) },
	'a job that fails': {
		serve: (scope) => {
			scope.post(bindPath()).times(1000).reply(acceptedAsNamed());
			echoing(scope.get(JOB_POLL), zstackError('SYS.1006'));
		},
	},
	'a job poll answered 404': {
		serve: (scope) => {
			scope.post(bindPath()).times(1000).reply(acceptedAsNamed());
			echoing(scope.get(JOB_POLL), plainText(404));
		},
	},
	'job polls answered by a proxy until the Job Timeout': {
		serve: (scope) => {
			scope.post(bindPath()).times(1000).reply(acceptedAsNamed());
			echoing(scope.get(JOB_POLL), plainText(502));
		},
		parameters: bindParameters({ options: { pollInterval: 0.02, jobTimeout: 0.2 } }),
		// The last poll may be the one the Job Timeout cut short, with no echo to show.
		echoShown: false,
	},
	'a query answered without inventories': {
		serve: (scope) => echoing(scope.get('/zstack/v1/ai/models').query(true), (echo) => [200, { echo }]),
		parameters: { resource: 'model', operation: 'getAll', returnAll: false, limit: 5 },
	},
	'a login refused with an echo': {
		serve: (scope) => echoing(scope.put('/zstack/v1/accounts/login'), plainText(401)),
		accountOnly: true,
	},
	'a login refused with a ZStack error': {
		serve: (scope) => echoing(scope.put('/zstack/v1/accounts/login'), zstackError('ID.1000')),
		accountOnly: true,
	},
	'the issued session rejected at once (ID.1001)': {
		serve: (scope) => echoing(scope.post(bindPath()), zstackError('ID.1001')),
		accountOnly: true,
	},
};

/** The secrets of the credential and of what was signed: the Authorization's credential part of every request. */
function secretsOf(seen: SeenRequest[]): string[] {
	const signed = seen.map((request) => String(request.headers.authorization ?? '')).map((authorization) => authorization.slice(authorization.lastIndexOf(':') + 1).split(' ').pop()!);
	const hash = createHash('sha512').update(PASSWORD).digest('hex');
	return [SESSION, ISSUED_SESSION, PASSWORD, hash, ACCESS_KEY_SECRET, ...signed].filter((secret) => secret.length > 8);
}

/** Everything a run shows of its failure, as text. */
function shown(run: RunResult): string {
	const { error } = run;
	const { messages, errorResponse } = (error ?? {}) as { messages?: string[]; errorResponse?: unknown };
	return JSON.stringify([run.output, run.run.data, error?.message, error?.description, messages, error?.stack, errorResponse]);
}

describe.each(Object.entries(credentials))('with %s', (method, credential) => {
	const cases = Object.entries(paths).filter(([, path]) => !path.accountOnly || method === 'an account login');

	test.each(cases)('%s: no secret in any text the node produces', async (_, { serve, parameters = bindParameters({ options: { pollInterval: 0.01, jobTimeout: 5 } }), echoShown }) => {
		const harness = new WorkflowHarness();
		harness.saveCredential('zstack', credential);
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		serve(scope);
		scope.put('/zstack/v1/accounts/login').times(1000).reply(200, { inventory: { uuid: ISSUED_SESSION } });

		const failed = await harness.run({ parameters });
		const continued = await harness.run({ parameters, continueOnFail: true });

		expect(failed.error).toBeDefined();
		expect(continued.output[0].json.error).toEqual(expect.any(String));
		// The echo did reach the node: the secrets were in what the server sent back.
		expect(seen.length).toBeGreaterThan(0);
		const texts = [shown(failed), shown(continued)];
		for (const secret of secretsOf(seen)) {
			for (const text of texts) expect({ secret, found: text.toLowerCase().includes(secret.toLowerCase()) }).toEqual({ secret, found: false });
		}
		// The echo reached the error (its description at least), redacted.
		if (echoShown !== false) expect(texts[0]).toContain('[redacted]');
	});
});
