import { zstackCredentialType } from '../harness/workflow';

/**
 * n8n's scanner checks credential fields written inside the class; ours come from the sign-in methods'
 * modules, so the same rule (`credential-password-field` of @n8n/eslint-plugin-community-nodes) is held here
 * against the credential as n8n loads it.
 */
const SENSITIVE = ['password', 'secret', 'token', 'cert', 'passphrase', 'apikey', 'secretkey', 'privatekey', 'authkey'];
const NOT_SENSITIVE = ['url', 'pub', 'id'];
const isSensitive = (name: string) =>
	!NOT_SENSITIVE.some((part) => name.toLowerCase().includes(part)) && SENSITIVE.some((part) => name.toLowerCase().includes(part));

const fields = zstackCredentialType.properties;

test.each(fields.filter((field) => isSensitive(field.name)).map((field) => [field.name, field] as const))(
	'%s is masked as a password',
	(_, field) => {
		expect(field.typeOptions?.password).toBe(true);
	},
);

test('the secrets of every sign-in method are among the masked fields', () => {
	const masked = fields.filter((field) => field.typeOptions?.password === true).map((field) => field.name);
	expect(masked).toEqual(expect.arrayContaining(['sessionUuid', 'password', 'accessKeySecret', 'loginSessionUuid']));
});

test('each sign-in method shows only its own fields', () => {
	const shownFor = (name: string) => fields.find((field) => field.name === name)?.displayOptions?.show?.authType;
	expect(shownFor('sessionUuid')).toEqual(['session']);
	expect(shownFor('accountName')).toEqual(['account']);
	expect(shownFor('accessKeySecret')).toEqual(['accessKey']);
	expect(shownFor('managementNodeTimeZone')).toEqual(['accessKey']);
	expect(shownFor('host')).toBeUndefined();
});
