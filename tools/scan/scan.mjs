// npm run scan: the analysis n8n's community-package scanner runs before n8n verifies a package,
// run offline on this checkout and on the tarball `npm pack` makes from it. The scanner itself
// downloads the published tarball and the source commit its npm provenance names, then lints
// both with analyzePackage; here the same function lints the local equivalents, so nothing is
// fetched. Provenance itself can only be checked after publishing (docs/releasing.md).
// Usage: node tools/scan/scan.mjs [package folder, this checkout by default]; it expects a build in dist/.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	analyzePackage,
	scannerTempRoot,
	SOURCE_FILE_PATTERNS,
	TARBALL_FILE_PATTERNS,
} from './n8n-scanner.mjs';

const packageRoot = path.resolve(
	process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..'),
);

/** What the published package may hold: the build, the readme, the licence and package.json. */
const PUBLISHED_PATH = /^(dist\/.+|README\.md|LICENSE|package\.json)$/;

/** Packs the checkout as `npm publish` would (offline) and unpacks it; returns the package folder. */
function packAndUnpack() {
	const packDir = fs.mkdtempSync(path.join(scannerTempRoot, 'pack-'));
	const packOutput = execFileSync(
		'npm',
		['pack', '--offline', '--json', '--pack-destination', packDir],
		{ cwd: packageRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
	);
	const [{ filename, files }] = JSON.parse(packOutput);
	const unexpected = files.map((file) => file.path).filter((file) => !PUBLISHED_PATH.test(file));
	if (unexpected.length > 0) {
		throw new Error(`the packed tarball holds files it should not publish: ${unexpected.join(', ')}`);
	}
	const packageDir = path.join(packDir, 'package');
	fs.mkdirSync(packageDir);
	// Unpacked as the scanner unpacks the tarball it downloads.
	execFileSync('tar', ['-xzf', path.join(packDir, filename), '-C', packageDir, '--strip-components=1']);
	return packageDir;
}

/**
 * A leg that linted nothing would pass: the files n8n loads (package.json's `n8n` lists for the
 * tarball, their sources for the checkout) must be there to be linted.
 */
function requireLoadedFiles(label, packageDir, toLintedPath) {
	const { n8n } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	const loaded = [...(n8n?.nodes ?? []), ...(n8n?.credentials ?? [])];
	const missing = loaded.map(toLintedPath).filter((file) => !fs.existsSync(path.join(packageDir, file)));
	if (loaded.length === 0 || missing.length > 0) {
		const absent = missing.join(', ') || 'package.json lists none';
		throw new Error(`${label}: the node and credential files n8n loads are missing, so the scan would lint none of them (${absent})`);
	}
}

async function scanLeg(label, packageDir, filePatterns) {
	const result = await analyzePackage(packageDir, filePatterns);
	if (result.passed) {
		console.log(`✅ ${label}: passed n8n's package scan`);
		return true;
	}
	console.log(`❌ ${label}: ${result.message}`);
	if (result.details) console.log(result.details);
	return false;
}

try {
	requireLoadedFiles('source', packageRoot, (distFile) =>
		distFile.replace(/^dist\//, '').replace(/\.js$/, '.ts'),
	);
	const sourcePassed = await scanLeg('source', packageRoot, SOURCE_FILE_PATTERNS);

	const tarballDir = packAndUnpack();
	requireLoadedFiles('packed tarball', tarballDir, (distFile) => distFile);
	const tarballPassed = await scanLeg('packed tarball', tarballDir, TARBALL_FILE_PATTERNS);

	process.exitCode = sourcePassed && tarballPassed ? 0 : 1;
} catch (error) {
	console.error(`❌ ${error instanceof Error ? error.message : String(error)}`);
	process.exitCode = 1;
}
