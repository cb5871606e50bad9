#!/usr/bin/env node
import { runCli } from './program.js';

// The exit code is set, not forced with process.exit, so pending output is flushed first; an open handle
// left behind would keep the process alive, which the tests would catch.
process.exitCode = await runCli(process.argv.slice(2));
