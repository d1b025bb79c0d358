// HTTP helpers for the simulator's tests, written independently of the simulator's code.
import { createHmac } from 'node:crypto';
import { request, type Dispatcher } from 'undici';
import { startSimulator, type Simulator, type SimulatorOptions } from './index';

export interface HttpReply {
	status: number;
	contentType: string;
	text: string;
	/** Parsed when the reply says it is JSON; tests read into it freely, as into any reply. */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test's view of arbitrary JSON
	body: any;
}

export async function call(
	sim: Simulator,
	method: Dispatcher.HttpMethod,
	path: string,
	options: { headers?: Record<string, string>; body?: unknown } = {},
): Promise<HttpReply> {
	const { body } = options;
	const reply = await request(`${sim.url}${path}`, {
		method,
		headers: options.headers,
		body: body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
	});
	const text = await reply.body.text();
	const contentType = String(reply.headers['content-type'] ?? '');
	return { status: reply.statusCode, contentType, text, body: contentType.startsWith('application/json') ? JSON.parse(text) : undefined };
}

export const oauth = (sessionUuid: string) => ({ Authorization: `OAuth ${sessionUuid}` });

export function sign(secret: string, method: string, date: string, uri: string): string {
	return createHmac('sha1', secret).update(`${method}\n${date}\n${uri}`).digest('base64');
}

/**
 * AccessKey headers for a `Date` header given as text (any zone label), or sent as toUTCString(). ZStack's SDKs
 * sign the path as the API names it, i.e. decoded (ZSClient.java ~371, zssdk.py ~250).
 */
export function accessKeyHeaders(sim: Simulator, method: string, path: string, sentAt: Date | string = new Date()) {
	const date = typeof sentAt === 'string' ? sentAt : sentAt.toUTCString();
	const uri = decodeURIComponent(path.split('?')[0]).replace(/^\/zstack/, '');
	return { Date: date, Authorization: `ZStack ${sim.accessKey.accessKeyId}:${sign(sim.accessKey.accessKeySecret, method, date, uri)}` };
}

export const bindPath = (modelUuid: string, modelServiceUuid: string) => `/zstack/v1/ai/models/${modelUuid}/model-services/${modelServiceUuid}`;
export const jobPath = (location: string) => new URL(location).pathname;
export const ZSTACK_DATE = /^[A-Z][a-z]{2} \d{1,2}, \d{4} \d{1,2}:\d{2}:\d{2} [AP]M$/;

/** Polls a job (at the simulator, whatever host the location names) until it stops answering 202. */
export async function awaitJob(sim: Simulator, accepted: HttpReply, headers: Record<string, string>) {
	let runningPolls = 0;
	for (;;) {
		const reply = await call(sim, 'GET', jobPath(accepted.body.location), { headers });
		if (reply.status !== 202) return { reply, runningPolls };
		runningPolls += 1;
		if (runningPolls > 20) throw new Error('job never finished');
	}
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `use` against a second simulator with other options, and stops it whatever happens. */
export async function withSimulator(options: SimulatorOptions, use: (other: Simulator) => Promise<void>) {
	const other = await startSimulator(options);
	try {
		await use(other);
	} finally {
		await other.stop();
	}
}
