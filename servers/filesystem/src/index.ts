#!/usr/bin/env node
import { runServer } from '@mcp-catalog/shared';
import { definition } from './server.js';

await runServer(definition);
