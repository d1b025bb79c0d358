import { defineAction, defineDelete, defineGet, defineGetMany } from '../defineOperation';
import { field, flag, integer, jsonList, jsonObject, named, pick, targetOf, text, uuidOf, uuidsOf } from '../fields';
import type { ZStackResource } from '../operation';

const modelServiceUuid = (description: string) => targetOf('modelService', 'modelServiceUuid', 'Model Service', description);

/** The fields of a model service, as AddModelService.md, UpdateModelService.md and CloneModelService.md list them. */
const SERVICE = {
	name: text('name', 'Name', 'Name of the model service'),
	description: text('description', 'Description', 'Free text about the model service'),
	yaml: text('yaml', 'YAML', "The service's configuration in YAML: services (ports, name, livez, readyz, serviceBootupTime), env, distro packages, python requirements", {
		type: { kind: 'string', rows: 6 },
	}),
	requestCpu: integer('requestCpu', 'CPU Cores', 'CPU cores the service needs, e.g. 4'),
	requestMemory: integer('requestMemory', 'Memory', 'Memory the service needs (the documented examples give 1024 and 8192; ZStack does not state the unit)'),
	modelCenterUuid: uuidOf('modelCenter', 'modelCenterUuid', 'Model Center', 'The model center that holds the service'),
	installPath: text('installPath', 'Install Path', 'Where the service is installed, e.g. /opt/zstack-ai/model-services/example'),
	startCommand: text('startCommand', 'Start Command', 'Command that starts the service, e.g. python start.py'),
	zoneUuid: uuidOf('zone', 'zoneUuid', 'Zone', 'The zone of the model service'),
	gpuComputeCapability: text('gpuComputeCapability', 'GPU Compute Capability', 'Lowest GPU compute capability the service needs, e.g. 7.5'),
	system: flag('system', 'System', 'Whether it is a system model service'),
	pythonVersion: text('pythonVersion', 'Python Version', 'Python version, e.g. 3.8'),
	condaVersion: text('condaVersion', 'Conda Version', 'Conda version, e.g. 23.1.0'),
	type: text('type', 'Type', 'Service type, e.g. Endpoint'),
	framework: text('framework', 'Framework', 'Framework that serves the models, e.g. HuggingFace or vLLM'),
	source: text('source', 'Source', 'Where the service comes from, free text'),
	modelUuids: uuidsOf('model', 'modelUuids', 'Model UUIDs', 'Models to bind to the service as it is added'),
	architectureImages: jsonList('architectureImages', 'Architecture Images', 'Images per CPU architecture, e.g. [{"cpuArchitecture": "X86_64", "vmImageUuid": "<32 hex>", "dockerImage": "registry.example.com/x86_64/myimage:latest"}]'),
	cpuArchitectures: field('cpuArchitectures', 'CPU Architectures', { kind: 'stringList' }, 'CPU architectures the copy supports, e.g. X86_64, AARCH64'),
	supportDistributed: flag('supportDistributed', 'Support Distributed', 'Whether the service supports distributed inference'),
	containerCommand: text('containerCommand', 'Container Command', 'Command the container starts with, e.g. /bin/bash'),
	containerArgs: text('containerArgs', 'Container Arguments', 'Arguments of the container command'),
	vendorToSpecUuidsMap: jsonObject('vendorToSpecUuidsMap', 'GPU Specs by Vendor', 'GPU vendor → list of GPU spec UUIDs, e.g. {"NVIDIA": ["<32 hex>"]}'),
	readme: text('readme', 'Readme', 'README text of the copy', { type: { kind: 'string', rows: 4 } }),
	size: integer('size', 'Size', 'Size of the copy (the documented example gives 0)'),
	environmentParameters: jsonObject('environmentParameters', 'Environment Parameters', 'Environment variables of the service, e.g. {"KEY": "value"}'),
	startupParameters: jsonObject('startupParameters', 'Startup Parameters', 'Startup parameters of the service, e.g. {"--max-model-len": "32768"}'),
	inferenceParams: jsonObject('inferenceParams', 'Inference Parameters', 'Inference parameters of the service'),
	serviceName: text('serviceName', 'Service Name', 'Name of the service inside its YAML'),
	serviceLivez: text('serviceLivez', 'Liveness Path', 'HTTP path that tells whether the service lives, e.g. /livez'),
	serviceReadyz: text('serviceReadyz', 'Readiness Path', 'HTTP path that tells whether the service is ready, e.g. /readyz'),
	serviceBootupTime: integer('serviceBootupTime', 'Boot-Up Time', 'Seconds the service may take to boot, e.g. 30'),
	serviceInstallPath: text('serviceInstallPath', 'Service Install Path', 'Where the service itself is installed'),
	serviceStartCommand: text('serviceStartCommand', 'Service Start Command', 'Command that starts the service itself'),
};

/** The fields of DeployModelService (DeployModelService.md): the instance group it creates. */
const DEPLOY = {
	zoneUuid: uuidOf('zone', 'zoneUuid', 'Zone', 'The zone to deploy in'),
	name: text('name', 'Name', 'Name of the instance group the deployment creates'),
	type: text('type', 'Deployment Type', 'How the service is deployed: VirtualMachine, as ZStack\'s examples do', { default: 'VirtualMachine' }),
	description: text('description', 'Description', 'Free text about the deployment'),
	modelUuid: uuidOf('model', 'modelUuid', 'Model', 'The model the deployment serves'),
	vmImageUuid: uuidOf('image', 'vmImageUuid', 'VM Image', 'The image the instances boot'),
	primaryStorageUuid: uuidOf('primaryStorage', 'primaryStorageUuid', 'Primary Storage', 'Where the instances keep their disks'),
	clusterUuid: uuidOf('cluster', 'clusterUuid', 'Cluster', 'The cluster that runs the instances'),
	l3NetworkUuids: uuidsOf('l3Network', 'l3NetworkUuids', 'L3 Network UUIDs', 'Networks the instances join'),
	dockerImage: text('dockerImage', 'Docker Image', 'Container image, e.g. registry.example.com/x86_64/myimage:latest'),
	cpuNum: integer('cpuNum', 'CPU Count', 'vCPUs per instance, e.g. 8'),
	memorySize: integer('memorySize', 'Memory Size', 'Memory per instance in bytes, e.g. 17179869184 for 16 GiB'),
	rootDiskSize: integer('rootDiskSize', 'Root Disk Size', 'Root disk size per instance in bytes'),
	environmentVariables: jsonObject('environmentVariables', 'Environment Variables', 'Environment variables of the instances, e.g. {"KEY": "value"}'),
	startupParameters: SERVICE.startupParameters,
	serviceBootUptime: integer('serviceBootUptime', 'Boot-Up Time', 'Seconds the service may take to boot (ZStack spells this field serviceBootUptime here)'),
	serviceLivez: SERVICE.serviceLivez,
	serviceReadyz: SERVICE.serviceReadyz,
	requestCpuNum: integer('requestCpuNum', 'Requested CPU Count', 'CPUs the service requests'),
	requestMemorySize: integer('requestMemorySize', 'Requested Memory Size', 'Memory the service requests'),
};

export const modelService = {
	option: { name: 'Model Service', value: 'modelService' },
	// Keys are the stored `operation` values. Simplify is off by default for the operations of version 0.1.
	operations: {
		get: defineGet({
			option: named('Get Model Service', 'Get a model service by its UUID (ZStack QueryModelService)'),
			path: '/v1/ai/model-services/{modelServiceUuid}', uuid: modelServiceUuid('The model service to get'), inventory: 'modelService',
			simplifyByDefault: false,
		}),
		getAll: defineGetMany({
			option: named('Get Many Model Services', 'List model services, filtered and sorted (ZStack QueryModelService)'),
			path: '/v1/ai/model-services', inventory: 'modelService', plural: 'model services', simplifyByDefault: false,
			fieldExamples: 'name, type, framework, modelServiceRefs.modelUuid',
		}),
		add: defineAction({
			option: named('Add Model Service', 'Add a model service definition (ZStack AddModelService)'),
			api: 'AddModelService', method: 'POST', path: '/v1/ai/model-services', wrapper: 'param', output: { inventory: 'modelService' },
			required: pick(SERVICE, 'name', 'yaml', 'requestCpu', 'requestMemory', 'modelCenterUuid', 'installPath', 'startCommand'),
			optional: pick(SERVICE, 'description', 'zoneUuid', 'gpuComputeCapability', 'system', 'pythonVersion', 'condaVersion', 'type', 'framework',
				'source', 'modelUuids', 'architectureImages', 'supportDistributed', 'containerCommand', 'containerArgs', 'vendorToSpecUuidsMap'),
		}),
		update: defineAction({
			option: named('Update Model Service', "Change a model service's fields (ZStack UpdateModelService)"),
			api: 'UpdateModelService', method: 'PUT', path: '/v1/ai/model-services/{modelServiceUuid}', wrapper: 'updateModelService',
			uuids: [modelServiceUuid('The model service to update')], optionalCollection: 'updateFields', output: { inventory: 'modelService' },
			optional: pick(SERVICE, 'name', 'description', 'yaml', 'requestCpu', 'requestMemory', 'gpuComputeCapability', 'startCommand',
				'pythonVersion', 'type', 'framework', 'source', 'architectureImages', 'supportDistributed', 'environmentParameters',
				'startupParameters', 'inferenceParams', 'serviceName', 'serviceLivez', 'serviceReadyz', 'serviceBootupTime',
				'serviceInstallPath', 'serviceStartCommand', 'containerCommand', 'containerArgs', 'vendorToSpecUuidsMap'),
		}),
		deploy: defineAction({
			option: named('Deploy Model Service', 'Deploy a model service as a running instance group and wait until it runs (ZStack DeployModelService)'),
			api: 'DeployModelService', method: 'PUT', path: '/v1/ai/model-services/{modelServiceUuid}', wrapper: 'deployModelService',
			uuids: [modelServiceUuid('The model service to deploy')], output: { inventory: 'instanceGroup' }, waitUntilRunning: true,
			required: pick(DEPLOY, 'zoneUuid', 'name', 'type'),
			optional: pick(DEPLOY, 'description', 'modelUuid', 'vmImageUuid', 'primaryStorageUuid', 'clusterUuid', 'l3NetworkUuids', 'dockerImage',
				'cpuNum', 'memorySize', 'rootDiskSize', 'environmentVariables', 'startupParameters', 'serviceBootUptime', 'serviceLivez',
				'serviceReadyz', 'requestCpuNum', 'requestMemorySize'),
		}),
		clone: defineAction({
			option: named('Clone Model Service', 'Copy a model service, changing some fields (ZStack CloneModelService)'),
			api: 'CloneModelService', method: 'POST', path: '/v1/ai/model-services/{modelServiceUuid}', wrapper: 'params',
			uuids: [modelServiceUuid('The model service to copy')], output: { inventory: 'modelService' },
			optional: pick(SERVICE, 'name', 'description', 'readme', 'size', 'gpuComputeCapability', 'installPath', 'startCommand', 'pythonVersion',
				'condaVersion', 'system', 'type', 'yaml', 'source', 'framework', 'requestCpu', 'requestMemory', 'cpuArchitectures',
				'architectureImages', 'supportDistributed', 'containerCommand', 'containerArgs', 'vendorToSpecUuidsMap'),
		}),
		delete: defineDelete({
			option: named('Delete Model Service', 'Delete a model service (ZStack DeleteModelService)'),
			api: 'DeleteModelService', path: '/v1/ai/model-services/{modelServiceUuid}', uuid: modelServiceUuid('The model service to delete'),
		}),
	},
	defaultOperation: 'get',
} satisfies ZStackResource;
