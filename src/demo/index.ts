/**
 * The demo scenario `npm start` seeds on an empty database
 * (docs/architecture.md#time-jobs-and-runtime).
 */
export { seedDemoData, type SeedDemoResult, type DemoCredentials } from './seed-demo-data.ts';
export { formatDemoCredentials } from './format-credentials.ts';
export { DEMO_PASSWORD, demoId } from './demo-parties.ts';
export { seedDemoGateway, formatDemoGateway, type DemoGateway } from './demo-gateway.ts';
