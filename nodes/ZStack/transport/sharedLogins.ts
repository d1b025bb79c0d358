import { createHash } from 'crypto';

import type { ZStackCredentials } from './connection';

/**
 * The logins under way in this process, one per credential (by its id and the data the login sends), so that
 * executions running at once share one login instead of each making its own. Each entry holds only the promise
 * of the login session, which n8n stores in the credential anyway, and is dropped when the login settles.
 */
const loginsUnderWay = new Map<string, Promise<string>>();

/** The credential and what its login sends, hashed: the key holds no password. */
function loginKey({ id, data }: ZStackCredentials): string {
	const sent = [id, data.host, data.authType, data.accountName, data.password].map((value) => String(value ?? ''));
	return createHash('sha256').update(JSON.stringify(sent)).digest('hex');
}

/** The session another execution is logging in for with this credential ('' when it failed), or undefined. */
export function loginUnderWay(credentials: ZStackCredentials): Promise<string> | undefined {
	return loginsUnderWay.get(loginKey(credentials));
}

/** Announces a login under way, settling with the session it produced ('' when it failed); dropped once settled. */
export function shareLogin(credentials: ZStackCredentials, login: Promise<string>): void {
	const key = loginKey(credentials);
	const shared = login.catch(() => '');
	loginsUnderWay.set(key, shared);
	void shared.then(() => {
		if (loginsUnderWay.get(key) === shared) loginsUnderWay.delete(key);
	});
}
