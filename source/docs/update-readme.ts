import {readFileSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {withGeneratedSections} from './readme-sections.js';

// `npm run docs`: rewrites the generated blocks of README.md (command reference, keys table) in place.
const readmePath = fileURLToPath(new URL('../../README.md', import.meta.url));
const before = readFileSync(readmePath, 'utf8');
const after = withGeneratedSections(before);
if (after !== before) writeFileSync(readmePath, after);
process.stdout.write(after === before ? 'README.md is up to date\n' : 'README.md updated\n');
