/** Nesting beyond this is no ZStack API body anyone meant (they nest a few levels), and it stays far from the stack's limits. */
const MAX_BODY_NESTING = 100;

/** Why a value cannot be sent as JSON, to follow its name ("Body …"), or undefined when it can. */
export function jsonShapeMessage(value: unknown): string | undefined {
	const problem = jsonShapeProblem(value);
	if (problem === 'circular') return 'refers to itself (a circular object): it cannot be sent as JSON';
	if (problem === 'tooDeep') return `nests deeper than ${MAX_BODY_NESTING} levels`;
	return undefined;
}

const isContainer = (value: unknown): value is object => value !== null && typeof value === 'object';

interface Frame {
	node: object;
	children: unknown[];
	next: number;
	/** The tallest finished child, in levels. */
	tallest: number;
}

/**
 * Why a value cannot be sent as a JSON body: it refers to itself, or nests deeper than MAX_BODY_NESTING.
 * Walked without recursion (the value may nest deeper than the call stack allows), each object once.
 */
function jsonShapeProblem(root: unknown): 'circular' | 'tooDeep' | undefined {
	if (!isContainer(root)) return undefined;
	const heights = new Map<object, number>();
	const onPath = new Set<object>([root]);
	const path: Frame[] = [{ node: root, children: Object.values(root), next: 0, tallest: 0 }];
	while (path.length > 0) {
		const frame = path[path.length - 1];
		if (frame.next < frame.children.length) {
			const child = frame.children[frame.next++];
			if (!isContainer(child)) continue;
			if (onPath.has(child)) return 'circular';
			const height = heights.get(child);
			if (height !== undefined) {
				// An object met before by another way: its height is known.
				if (path.length + height > MAX_BODY_NESTING) return 'tooDeep';
				frame.tallest = Math.max(frame.tallest, height);
				continue;
			}
			if (path.length >= MAX_BODY_NESTING) return 'tooDeep';
			onPath.add(child);
			path.push({ node: child, children: Object.values(child), next: 0, tallest: 0 });
			continue;
		}
		path.pop();
		onPath.delete(frame.node);
		heights.set(frame.node, frame.tallest + 1);
		const parent = path[path.length - 1];
		if (parent !== undefined) parent.tallest = Math.max(parent.tallest, frame.tallest + 1);
	}
	return undefined;
}
