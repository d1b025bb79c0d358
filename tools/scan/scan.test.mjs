// What `npm run scan` must catch, shown on copies of this package with one defect each.
// Needs a build in dist/ (npm run build).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const scanScript = path.join(here, 'scan.mjs');
const PUBLISHED_ENTRIES = ['package.json', 'README.md', 'LICENSE', 'nodes', 'credentials', 'dist'];

const copies = [];

before(() => {
	assert.ok(fs.existsSync(path.join(repoRoot, 'dist')), 'run npm run build first: the scan lints dist/');
});

afterEach(() => {
	for (const copy of copies.splice(0)) fs.rmSync(copy, { recursive: true, force: true });
});

function copyOfThisPackage() {
	const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-fixture-'));
	copies.push(copy);
	for (const entry of PUBLISHED_ENTRIES) {
		fs.cpSync(path.join(repoRoot, entry), path.join(copy, entry), { recursive: true });
	}
	return copy;
}

function editPackageJson(copy, edit) {
	const file = path.join(copy, 'package.json');
	fs.writeFileSync(file, JSON.stringify(edit(JSON.parse(fs.readFileSync(file, 'utf8'))), null, 2));
}

function scan(copy) {
	const { status, stdout, stderr } = spawnSync(process.execPath, [scanScript, copy], { encoding: 'utf8' });
	return { status, output: stdout + stderr };
}

test('an eslint-disable comment does not hide a finding, as in the scan n8n runs', () => {
	const copy = copyOfThisPackage();
	fs.writeFileSync(
		path.join(copy, 'credentials', 'LeakyApi.credentials.ts'),
		`import type { ICredentialType, INodeProperties } from 'n8n-workflow';

export class LeakyApi implements ICredentialType {
	name = 'leakyApi';
	displayName = 'Leaky API';
	properties: INodeProperties[] = [
		// eslint-disable-next-line @n8n/community-nodes/credential-password-field
		{ displayName: 'API Secret', name: 'apiSecret', type: 'string', default: '' },
	];
}
`,
	);

	const { status, output } = scan(copy);

	assert.equal(status, 1);
	assert.match(output, /❌ source: ESLint violations found/);
	assert.match(output, /Field 'apiSecret' appears to be a sensitive field .*credential-password-field/);
});

test('the package.json inside the packed tarball is scanned', () => {
	const copy = copyOfThisPackage();
	editPackageJson(copy, (manifest) => ({ ...manifest, jest: { roots: ['<rootDir>/contract-tests'] } }));

	const { status, output } = scan(copy);

	assert.equal(status, 1);
	const tarballReport = output.slice(output.indexOf('❌ packed tarball'));
	assert.match(tarballReport, /^❌ packed tarball: ESLint violations found/);
	assert.match(tarballReport, /package\/package\.json\n.*unresolved template placeholder "<rootDir>"/);
});

test('a tarball holding more than dist/, README.md, LICENSE and package.json fails', () => {
	const copy = copyOfThisPackage();
	fs.writeFileSync(path.join(copy, 'notes.txt'), 'not for publishing\n');
	editPackageJson(copy, (manifest) => ({ ...manifest, files: [...manifest.files, 'notes.txt'] }));

	const { status, output } = scan(copy);

	assert.equal(status, 1);
	assert.match(output, /❌ the packed tarball holds files it should not publish: notes\.txt/);
});

test('a tarball without the built node and credential fails instead of passing on nothing', () => {
	const copy = copyOfThisPackage();
	fs.rmSync(path.join(copy, 'dist'), { recursive: true });

	const { status, output } = scan(copy);

	assert.equal(status, 1);
	assert.match(output, /❌ packed tarball: the node and credential files n8n loads are missing, so the scan would lint none of them \(dist\/nodes\/ZStack\/ZStack\.node\.js, dist\/nodes\/ZStackTrigger\/ZStackTrigger\.node\.js, dist\/credentials\/ZStackApi\.credentials\.js\)/);
});

test('a checkout without the node and credential sources fails instead of passing on nothing', () => {
	const copy = copyOfThisPackage();
	fs.rmSync(path.join(copy, 'credentials'), { recursive: true });

	const { status, output } = scan(copy);

	assert.equal(status, 1);
	assert.match(output, /❌ source: the node and credential files n8n loads are missing, so the scan would lint none of them \(credentials\/ZStackApi\.credentials\.ts\)/);
});
