import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

import { zstackCredentialType } from '../harness/workflow';

/**
 * Every documentation link the editor and the README show leads to a page of this repository that exists, at
 * a heading that exists: the package is not on npm yet, and the README is also read on npm's page, where a
 * relative link breaks.
 */
const ROOT = path.resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { repository: { url: string } };
const REPOSITORY = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
const [, OWNER_AND_NAME] = /^https:\/\/github\.com\/(.+)$/.exec(REPOSITORY) ?? [];
const PAGE = new RegExp(`^${REPOSITORY}/blob/main/([^#]+)(?:#(.+))?$`);
const RAW = new RegExp(`^https://raw\\.githubusercontent\\.com/${OWNER_AND_NAME}/main/(.+)$`);

/** GitHub's anchor for a Markdown heading. */
const anchorOf = (heading: string) =>
	heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');

function expectRepositoryPage(url: string) {
	const page = PAGE.exec(url) ?? RAW.exec(url);
	expect({ url, inRepository: page !== null }).toEqual({ url, inRepository: true });
	const [, file, anchor] = page!;
	expect({ url, exists: existsSync(path.join(ROOT, file)) }).toEqual({ url, exists: true });
	if (anchor === undefined) return;
	const headings = readFileSync(path.join(ROOT, file), 'utf8')
		.split('\n')
		.filter((line) => /^#{1,6} /.test(line))
		.map((line) => anchorOf(line.replace(/^#+ /, '')));
	expect(headings).toContain(anchor);
}

const codexFiles = ['nodes/ZStack', 'nodes/ZStackTrigger'].flatMap((folder) =>
	readdirSync(path.join(ROOT, folder))
		.filter((file) => file.endsWith('.node.json'))
		.map((file) => path.join(folder, file)),
);

test.each(codexFiles)('%s links to documentation pages that exist', (file) => {
	const codex = JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as { resources: Record<string, { url: string }[]> };
	const urls = Object.values(codex.resources).flat().map((resource) => resource.url);
	expect(urls.length).toBeGreaterThan(0);
	urls.forEach(expectRepositoryPage);
});

test("the credential's documentation links lead to pages that exist", () => {
	expectRepositoryPage(String(zstackCredentialType.documentationUrl));
	expectRepositoryPage(String(zstackCredentialType.httpRequestNode?.docsUrl));
});

test("the README's links and images work on npm's page too: absolute, and to pages that exist", () => {
	const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
	const targets = [...readme.matchAll(/\]\(([^)\s]+)\)/g)].map(([, target]) => target);
	expect(targets.length).toBeGreaterThan(5);
	for (const target of targets) {
		if (target.startsWith('#')) expect(readme.split('\n').filter((line) => line.startsWith('#')).map((line) => anchorOf(line.replace(/^#+ /, '')))).toContain(target.slice(1));
		else if (target.startsWith(REPOSITORY) || target.startsWith('https://raw.githubusercontent.com/')) expectRepositoryPage(target);
		else expect(target).toMatch(/^https:\/\//);
	}
});
