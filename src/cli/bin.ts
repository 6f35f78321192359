#!/usr/bin/env node
/**
 * The `nlroute` executable (package.json `bin`). scripts/bundle.mjs makes it the small dist/cli.js
 * and bundles the command with the library into dist/cli-main.js beside it, which this loads
 * through V8's code cache (./compile-cache.ts) and runs: one file to read, and, from the second
 * run on, almost nothing to compile.
 */
import { join } from 'node:path'
import { requireWithCodeCache } from './compile-cache'

const { runFromCommandLine } = requireWithCodeCache(join(__dirname, 'cli-main.js')) as typeof import('./main')
runFromCommandLine()
