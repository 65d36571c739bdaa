// Benchmark baseline only: the same synth, but loading the provider's package index first, as
// `import { Vpc } from '@cdktf/provider-aws'` would. Compare with `make synth` (deep imports).
const path = require('node:path');
const os = require('node:os');

process.env.CDKTF_OUTDIR = path.join(os.tmpdir(), 'shipyard-naive-synth');
require('@cdktf/provider-aws');
require('../dist/main.js');
