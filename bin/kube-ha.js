#!/usr/bin/env node
// The kube-ha command: the bundled CLI from dist/ (built by `npm run build`).
const path = require('path');
const fs = require('fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('kube-ha: dist/cli.js is missing; run `npm run build` first\n');
  process.exit(2);
}
require(cli);
