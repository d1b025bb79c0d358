// @ts-check
'use strict';

/**
 * Lets plain Node require the contract tests' TypeScript harness, so the tools reuse it rather than copy it:
 *
 *   require('../require-typescript');  // once; from then on .ts modules load like .js ones
 *
 * Each .ts file is transpiled on load with the repo's tsconfig, file by file and without type checking, as
 * ts-jest does for the tests (isolatedModules); `npm run typecheck` checks the types. Node's own type stripping
 * is not enough: the harness imports extensionless paths and uses TypeScript-only syntax. The TypeScript
 * compiler runs in a child process, so it takes no memory in the process a benchmark measures.
 */

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const { registerHooks } = require('node:module');
const path = require('node:path');
const { fileURLToPath } = require('node:url');

/** @param {string} fileName @returns {string} the CommonJS the TypeScript file compiles to */
function transpile(fileName) {
	const ts = require('typescript');
	const tsconfig = path.join(__dirname, '..', 'tsconfig.json');
	const { config, error } = ts.readConfigFile(tsconfig, ts.sys.readFile);
	if (error) throw new Error(`${tsconfig}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
	const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, path.dirname(tsconfig));
	return ts.transpileModule(fs.readFileSync(fileName, 'utf8'), { fileName, compilerOptions: options }).outputText;
}

if (require.main === module) {
	// The child: `node require-typescript.js <file.ts>` prints the transpiled module.
	process.stdout.write(transpile(process.argv[2]));
} else {
	registerHooks({
		resolve(specifier, context, nextResolve) {
			try {
				return nextResolve(specifier, context);
			} catch (notFound) {
				// TypeScript's resolution: a path without an extension may name a .ts file.
				const isPath = specifier.startsWith('.') || path.isAbsolute(specifier);
				if (!isPath || path.extname(specifier) !== '') throw notFound;
				return nextResolve(`${specifier}.ts`, context);
			}
		},
		load(url, context, nextLoad) {
			if (!url.endsWith('.ts')) return nextLoad(url, context);
			const source = execFileSync(process.execPath, [__filename, fileURLToPath(url)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
			return { format: 'commonjs', source, shortCircuit: true };
		},
	});
}
