import { catalogVitestConfig } from './src/vitest.js';

export default catalogVitestConfig();
