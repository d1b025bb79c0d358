'use strict';

/**
 * Prints rows as a plain-text table: the first column left-aligned, the others right-aligned, a dashed rule
 * under the header.
 * @param {string[]} header
 * @param {(string | number)[][]} rows
 */
function table(header, rows) {
	const cells = [header, ...rows.map((row) => row.map(String))];
	const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column].length)));
	const line = (/** @type {string[]} */ row) =>
		row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
	console.log(line(header));
	console.log(widths.map((width) => '-'.repeat(width)).join('  '));
	for (const row of cells.slice(1)) console.log(line(row));
}

module.exports = { table };
