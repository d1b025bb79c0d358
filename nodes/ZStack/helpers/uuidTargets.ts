/**
 * The ZStack resources a UUID parameter can name: what a person calls them, the query API that lists them
 * (the pickers search it by name), and where a person or a model finds one. Query paths follow the
 * generated Go SDK's clients (zstackio/zstack-sdk-go-v2 pkg/client: QueryZone `v1/zones`, QueryCluster
 * `v1/clusters`, QueryImage `v1/images`, QueryL3Network `v1/l3-networks`, QueryPrimaryStorage
 * `v1/primary-storage`, QueryModelCenter `v1/ai/model-centers`, QueryModelServiceInstanceGroup
 * `v1/ai/model-services/instances/groups/` — with the trailing slash, as the developer guide also writes it
 * (aios-api/QueryModelServiceInstanceGroup.md): RestServer matches paths with Spring's AntPathMatcher (~624),
 * which tells `/groups/` and `/groups` apart, so the documented form is sent).
 */
export const UUID_TARGETS = {
	model: {
		label: 'model',
		queryPath: '/v1/ai/models',
		searchMethod: 'searchModels',
		whereToFind: 'Model → Get Many lists models with their UUIDs',
	},
	modelService: {
		label: 'model service',
		queryPath: '/v1/ai/model-services',
		searchMethod: 'searchModelServices',
		whereToFind: 'Model Service → Get Many lists model services with their UUIDs',
	},
	modelCenter: {
		label: 'model center',
		queryPath: '/v1/ai/model-centers',
		searchMethod: 'searchModelCenters',
		whereToFind: 'Model Center → Get Many lists model centers with their UUIDs',
	},
	instanceGroup: {
		label: 'model service instance group',
		queryPath: '/v1/ai/model-services/instances/groups/',
		searchMethod: 'searchInstanceGroups',
		whereToFind: 'Model Service → Deploy outputs it; Model Service Instance Group → Get Many lists them',
	},
	zone: {
		label: 'zone',
		queryPath: '/v1/zones',
		searchMethod: 'searchZones',
		whereToFind: 'ZStack Cloud lists zones under Hardware → Zones (API: QueryZone)',
	},
	cluster: {
		label: 'cluster',
		queryPath: '/v1/clusters',
		searchMethod: 'searchClusters',
		whereToFind: 'ZStack Cloud lists clusters under Hardware → Clusters (API: QueryCluster)',
	},
	image: {
		label: 'image',
		queryPath: '/v1/images',
		searchMethod: 'searchImages',
		whereToFind: 'ZStack Cloud lists images under Resource Pool → Images (API: QueryImage)',
	},
	l3Network: {
		label: 'L3 network',
		queryPath: '/v1/l3-networks',
		searchMethod: 'searchL3Networks',
		whereToFind: 'ZStack Cloud lists L3 networks under Network Resources (API: QueryL3Network)',
	},
	primaryStorage: {
		label: 'primary storage',
		queryPath: '/v1/primary-storage',
		searchMethod: 'searchPrimaryStorage',
		whereToFind: 'ZStack Cloud lists primary storage under Hardware → Primary Storage (API: QueryPrimaryStorage)',
	},
} as const;

export type UuidTarget = keyof typeof UUID_TARGETS;

export type SearchMethod = (typeof UUID_TARGETS)[UuidTarget]['searchMethod'];

/** How a UUID parameter describes itself: what it names, its format, and where to find one. */
export function uuidDescription(target: UuidTarget, what: string): string {
	const { label, whereToFind } = UUID_TARGETS[target];
	return `${what}. The ${label}'s UUID: 32 hex characters (dashes allowed). ${whereToFind}.`;
}
