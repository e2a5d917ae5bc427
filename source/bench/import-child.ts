/**
 * Runs one import in its own process so the benchmark can read that process's peak RSS
 * (process.resourceUsage().maxRSS covers the worker threads too). Prints one JSON line.
 */
import {rmSync} from 'node:fs';
import {CaseStore} from '../case/case-store.js';
import {importFiles} from '../ingest/import-files.js';

const [trail, caseFile] = process.argv.slice(2);
rmSync(caseFile!, {force: true});
rmSync(`${caseFile}.wal`, {force: true});
const started = performance.now();
const store = await CaseStore.open(caseFile!, {create: true, analyst: 'bench'});
const report = await importFiles(store, [trail!], {analyst: 'bench'});
store.close();
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({seconds, events: report.events, quarantined: report.quarantined.length, maxRssBytes: process.resourceUsage().maxRSS * 1024})}\n`);
