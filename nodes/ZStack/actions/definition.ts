import type { InventoryKind } from '../helpers/simplify';
import type { UuidTarget } from '../helpers/uuidTargets';

/**
 * An operation as data: which ZStack API it calls and how, and the n8n parameters that fill the call.
 * defineOperation.ts turns a definition into a ZStackOperation with one generic execute.
 */

/** What a field holds, which decides its n8n parameter and how its value is checked before sending. */
export type FieldType =
	| { kind: 'string'; rows?: number }
	| { kind: 'integer' }
	| { kind: 'boolean' }
	/** One UUID of a resource ZStack can list: a picker. */
	| { kind: 'uuid'; target: UuidTarget }
	/** UUIDs of a resource, comma-separated (or a list from an expression). */
	| { kind: 'uuidList'; target: UuidTarget }
	/** Words, comma-separated (or a list from an expression). */
	| { kind: 'stringList' }
	/** JSON: an object (a ZStack Map) or a list (a ZStack List of objects). */
	| { kind: 'json'; shape: 'object' | 'list' };

/** A field of a ZStack API: its name in the request is also its n8n parameter's name. */
export interface ApiField {
	readonly name: string;
	readonly displayName: string;
	readonly type: FieldType;
	/** What it is, good enough for a model to fill it; UUID fields get their format and where to find one added. */
	readonly description: string;
	readonly default?: string | number | boolean;
}

/** A UUID an operation acts on, picked with a resource locator: it fills `{name}` in the path, or a list field of the body. */
export interface TargetUuid {
	readonly name: string;
	readonly displayName: string;
	readonly target: UuidTarget;
	readonly description: string;
	/** The wrapped body's field that carries it as a one-element list, for APIs that take a list (RestartModelServiceGroups). */
	readonly bodyListField?: string;
}

interface OperationOption {
	/** Title Case, e.g. "Bind Model to Service". */
	readonly name: string;
	readonly description: string;
	/** The same words in sentence case, e.g. "Bind model to service". */
	readonly action: string;
}

/** A call that changes something (POST, PUT or DELETE), answered with a job. */
export interface ActionDefinition {
	/** The ZStack API, as its contract and reference page are named. */
	readonly api: string;
	readonly option: OperationOption;
	readonly method: 'POST' | 'PUT' | 'DELETE';
	/** Below `/zstack`, with `{name}` for each path UUID, e.g. `/v1/ai/models/{modelUuid}`. */
	readonly path: string;
	/** None for an API that creates (AddModel) or names what it acts on in its body only. */
	readonly uuids?: readonly TargetUuid[];
	/**
	 * The body key holding the fields: the action name for a PUT, `param`/`params` for a POST as its page
	 * documents; none for an API that takes only tags (Bind) or a DELETE (its parameters go in the query).
	 */
	readonly wrapper?: string;
	/** Fields a call must have: top-level parameters. */
	readonly required?: readonly ApiField[];
	/** Fields a call may have: under Additional Fields, or Update Fields for an update (which must set one). */
	readonly optional?: readonly ApiField[];
	readonly optionalCollection?: 'additionalFields' | 'updateFields';
	/** A DELETE's Delete Mode, sent as the `deleteMode` query parameter. */
	readonly deleteMode?: boolean;
	/**
	 * What the item outputs: the reply's `inventory` (the call fails without one); `done`, i.e. success and
	 * the UUIDs acted on, with ZStack's inventory when it sent one; or `results`, ZStack's per-UUID results
	 * (the item fails when one failed).
	 */
	readonly output: { inventory: InventoryKind } | { done: InventoryKind | null } | 'results';
	/** Simplify's default: on, but for the operations of version 0.1, whose saved workflows expect the whole inventory. */
	readonly simplifyByDefault?: boolean;
	/** Deploy: after the job, follow the instance group it made until it runs (an option, on by default). */
	readonly waitUntilRunning?: true;
}

/** Get: one inventory by its UUID (a query for that UUID). */
export interface GetDefinition {
	readonly option: OperationOption;
	/** With `{name}` of the UUID. */
	readonly path: string;
	readonly uuid: TargetUuid;
	readonly inventory: InventoryKind;
	readonly simplifyByDefault?: boolean;
}

/** Get Many: a query with Filters, Sort, Return All and Limit. */
export interface GetManyDefinition {
	readonly option: OperationOption;
	readonly path: string;
	readonly inventory: InventoryKind;
	/** Plural, for the Filters description: "model services". */
	readonly plural: string;
	/** Field names offered as examples in the Filters. */
	readonly fieldExamples: string;
	readonly simplifyByDefault?: boolean;
}
