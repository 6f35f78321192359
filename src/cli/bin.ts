#!/usr/bin/env node
/**
 * The `nlroute` executable (package.json `bin`). scripts/bundle.mjs bundles it, with the command
 * and the library, into the one file dist/cli.js, so the command reads and compiles one file
 * instead of some forty modules. The compile cache comes first, so it covers everything after it.
 */
import './compile-cache'
import { runFromCommandLine } from './main'

runFromCommandLine()
