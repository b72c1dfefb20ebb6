#!/usr/bin/env node
// Uses the compiled CLI when present (production image), otherwise runs the TypeScript sources via tsx.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const built = join(__dirname, '..', 'dist', 'cli', 'main.js');
if (existsSync(built)) {
  require(built).main(process.argv);
} else {
  require('tsx/cjs');
  require('../cli/main.ts').main(process.argv);
}
