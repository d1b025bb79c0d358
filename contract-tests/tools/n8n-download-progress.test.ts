import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { tarballsToDownload } from '../../tools/n8n/install';

/**
 * `npm start`'s first download counts the tarballs npm fetches against what it will fetch: each once, none for
 * another platform or left out of the tree, none that npm's cache already holds (npm reads those silently).
 * Counting the lock's entries instead left the counter at "1564 of 2448 packages (63%)" when the download ended.
 */
const linux = { platform: 'linux', arch: 'x64', libc: 'glibc' };
const integrityOf = (content: string) => `sha512-${createHash('sha512').update(content).digest('base64')}`;
const tarball = (name: string) => `https://registry.npmjs.org/${name}/-/${name}-1.0.0.tgz`;

let npmCache: string;
beforeEach(() => {
	npmCache = mkdtempSync(path.join(tmpdir(), 'npm-cache-'));
});
afterEach(() => rmSync(npmCache, { recursive: true, force: true }));

/** Puts content into npm's content cache where cacache keeps it. */
function cache(content: string): void {
	const hex = createHash('sha512').update(content).digest('hex');
	const dir = path.join(npmCache, '_cacache', 'content-v2', 'sha512', hex.slice(0, 2), hex.slice(2, 4));
	mkdirSync(dir, { recursive: true });
	writeFileSync(path.join(dir, hex.slice(4)), content);
}

test('each tarball once, for this machine, in the tree, and not already in npm\'s cache', () => {
	cache('cached');
	const lock = {
		packages: {
			'': { name: 'n8n-install' },
			'node_modules/a': { resolved: tarball('a'), integrity: integrityOf('a') },
			'node_modules/b/node_modules/a': { resolved: tarball('a'), integrity: integrityOf('a') },
			'node_modules/cached': { resolved: tarball('cached'), integrity: integrityOf('cached') },
			'node_modules/darwin-only': { resolved: tarball('darwin-only'), integrity: integrityOf('d'), os: ['darwin'], optional: true },
			'node_modules/not-on-linux': { resolved: tarball('not-on-linux'), integrity: integrityOf('n'), os: ['!linux'] },
			'node_modules/musl-only': { resolved: tarball('musl-only'), integrity: integrityOf('m'), libc: ['musl'] },
			'node_modules/arm-only': { resolved: tarball('arm-only'), integrity: integrityOf('r'), cpu: ['arm64'] },
			'node_modules/left-out': { resolved: tarball('left-out'), integrity: integrityOf('l'), extraneous: true },
			'node_modules/linked': { resolved: '../linked', link: true },
		},
	};

	expect(tarballsToDownload(lock, npmCache, linux)).toEqual({ toDownload: 1, inCache: 1 });
});
