/**
 * Runs `work` for indexes 0..count-1 with at most `limit` running at once and returns the
 * results in index order, whatever order they finish in. After a failure no new index starts;
 * the ones already running finish, then the failure of the lowest index is thrown.
 */
export async function mapInOrder<T>(
	count: number,
	limit: number,
	work: (index: number) => Promise<T>,
): Promise<T[]> {
	const results = new Array<T>(count);
	const failures = new Map<number, unknown>();
	let next = 0;

	async function worker(): Promise<void> {
		while (failures.size === 0 && next < count) {
			const index = next++;
			try {
				results[index] = await work(index);
			} catch (error) {
				failures.set(index, error);
			}
		}
	}

	const workers = Math.max(1, Math.min(limit, count));
	await Promise.all(Array.from({ length: workers }, worker));
	if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
	return results;
}
