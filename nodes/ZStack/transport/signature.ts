import { createHash, createHmac } from 'crypto';

/** ZStack AccessKey signature: Base64(HMAC-SHA1(secret, METHOD \n Date \n URI)) (RestServer.java). */
export function accessKeySignature(secret: string, method: string, date: string, uri: string): string {
	return createHmac('sha1', secret)
		.update(`${method.toUpperCase()}\n${date}\n${uri}`)
		.digest('base64');
}

/** ZStack stores and compares account passwords as lowercase hex SHA-512. */
export function passwordHash(password: string): string {
	return createHash('sha512').update(password).digest('hex');
}
