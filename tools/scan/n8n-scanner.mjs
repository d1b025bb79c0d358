// n8n's community-package scanner (@n8n/scan-community-package), imported for its analysis step
// and its ESLint config. Importing it makes a temporary folder that it never removes, so it gets
// one of ours, removed when the process exits.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const scannerTempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-'));
process.on('exit', () => fs.rmSync(scannerTempRoot, { recursive: true, force: true }));

const previousTmpDir = process.env.TMPDIR;
process.env.TMPDIR = scannerTempRoot;
const scanner = await import('@n8n/scan-community-package/scanner/scanner.mjs');
if (previousTmpDir === undefined) delete process.env.TMPDIR;
else process.env.TMPDIR = previousTmpDir;

/** Which private folder the scanner's own temporary files go to: callers may put theirs beside. */
export { scannerTempRoot };
/** Lints a folder as the scanner does: its config, `allowInlineConfig: false`, errors fail. */
export const { analyzePackage, buildScanConfig, SOURCE_FILE_PATTERNS } = scanner;
/**
 * The patterns the scanner lints the unpacked published tarball with: compiled JavaScript and the
 * published package.json. They are written inline in its analyzePackageByName, not exported.
 */
export const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];
