#!/usr/bin/env node
import { runServer } from '@mcp-catalog/shared';
import { manifest } from './manifest.js';

await runServer(manifest);
