import {spawn} from 'node:child_process';
import {createServer, type IncomingMessage, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {existsSync, readFileSync, rmSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {GenerateSummary} from '../../source/generator/generate.js';
import {cliPath, repoRoot, runCli} from '../helpers/cli.js';
import {BUCKET, copyTree, generateBase, importInto, query, tempDir} from './helpers.js';

let work: string;
let base: string;
let summary: GenerateSummary;
let pristine: string;
let broken: string;
let brokenKey: string;

beforeAll(async () => {
	work = tempDir('trailcase-verify-cli-');
	base = path.join(work, 'base');
	summary = await generateBase(base);
	pristine = await importInto(path.join(work, 'pristine.duckdb'), [base]);
	const trail = copyTree(base, path.join(work, 'broken'));
	brokenKey = summary.files.find((key) => key.includes('/CloudTrail/'))!;
	rmSync(path.join(trail, brokenKey));
	broken = await importInto(path.join(work, 'broken.duckdb'), [trail]);
});

function onlyJson(stdout: string): Record<string, any> {
	const lines = stdout.split('\n').filter(Boolean);
	if (lines.length !== 1) throw new Error(`expected one JSON line, got:\n${stdout}`);
	return JSON.parse(lines[0]!);
}

/** Spawns the CLI without blocking the test process (the fake CloudTrail endpoint lives here). */
function runAsync(args: string[], env: Record<string, string>): Promise<{status: number; stdout: string; stderr: string}> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [cliPath, ...args], {cwd: repoRoot, env: {...process.env, TRAILCASE_ANALYST: 'test-analyst', ...env}});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', (code) => resolve({status: code ?? -1, stdout, stderr}));
	});
}

describe('trailcase verify (CLI)', () => {
	it('exits 0 on a valid case and prints aws-cli style ratio lines', () => {
		const result = runCli(['verify', '-c', pristine]);
		expect(result.status, result.stderr).toBe(0);
		expect(result.stdout).toContain(`${summary.digestFiles}/${summary.digestFiles} digest files valid`);
		expect(result.stdout).toContain(`${summary.logFiles}/${summary.logFiles} log files valid`);
		expect(result.stdout).toMatch(/^Results found for \S+ to \S+:$/m);
		expect(result.stdout).not.toContain('Problems');
	});

	it('exits 3 when anything is not valid, with the --json shape of the issue and aws-cli wording in text', () => {
		const json = runCli(['verify', '-c', broken, '--json']);
		expect(json.status).toBe(3);
		const report = onlyJson(json.stdout);
		expect(Object.keys(report.logFiles).sort()).toEqual(['appended', 'missing', 'modified', 'notCovered', 'unverified', 'valid']);
		expect(report.logFiles).toMatchObject({valid: summary.logFiles - 1, missing: 1});
		expect(report.digests).toEqual({valid: summary.digestFiles, invalid: 0, unavailable: 0});
		expect(report.problems).toEqual([{kind: 'log-missing', key: `s3://${BUCKET}/${brokenKey}`, detail: expect.any(String)}]);

		const text = runCli(['verify', '-c', broken]);
		expect(text.status).toBe(3);
		expect(text.stdout).toContain(`${summary.logFiles - 1}/${summary.logFiles} log files valid, 1/${summary.logFiles} log files INVALID (1 missing)`);
		expect(text.stdout).toContain(`Log file\ts3://${BUCKET}/${brokenKey}\tINVALID: not found: listed by s3://`);
		const verbose = runCli(['verify', '-c', broken, '--verbose']);
		expect(verbose.stdout.match(/^Log file\t\S+\tvalid$/gm)).toHaveLength(summary.logFiles - 1);
		expect(verbose.stdout.match(/^Digest file\t\S+\tvalid$/gm)).toHaveLength(summary.digestFiles);
	});

	it('lets info summarise the latest run', async () => {
		runCli(['verify', '-c', broken]);
		const info = onlyJson(runCli(['info', '-c', broken, '--json']).stdout);
		expect(info.verification).toMatchObject({passed: false, logFiles: {missing: 1}, digests: {valid: summary.digestFiles}, problems: 1});
		const runs = await query(broken, `SELECT count(*) AS n FROM verify_runs`);
		const audits = await query(broken, `SELECT count(*) AS n FROM audit_log WHERE command = 'verify'`);
		expect(runs[0]!['n']).toBe(audits[0]!['n']);
	});

	it('refuses bad flags with exit 2, and documents every flag in --help', () => {
		expect(runCli(['verify']).status).toBe(2);
		expect(runCli(['verify', '-c', pristine, '--endpoint', 'http://127.0.0.1:1']).status).toBe(2);
		const missing = runCli(['verify', '-c', pristine, '--public-keys', path.join(work, 'nope.json')]);
		expect(missing.status).toBe(2);
		expect(missing.stderr).toContain('cannot read --public-keys');
		const help = runCli(['verify', '--help']);
		for (const flag of ['--case', '--public-keys', '--fetch-keys', '--endpoint', '--profile', '--quick', '--verbose', '--json', '--analyst']) {
			expect(help.stdout).toContain(flag);
		}
	});

	it('checks the real digest document of the shared corpus: no signature, its log files absent', async () => {
		const dataset = path.resolve(repoRoot, '..', 'shared', 'datasets', 'elastic-integrations-aws-cloudtrail', 'test-cloudtrail-digest-json.log');
		if (!existsSync(dataset)) throw new Error(`shared corpus missing: ${dataset}`);
		const casePath = await importInto(path.join(work, 'elastic.duckdb'), [dataset]);
		const result = runCli(['verify', '-c', casePath, '--json']);
		expect(result.status).toBe(3);
		const report = onlyJson(result.stdout);
		// Unavailable: no metadata and no later digest; invalid: the previous digest it names is not in the case.
		expect(report.digests).toEqual({valid: 0, invalid: 1, unavailable: 1});
		expect(report.problems.find((p: {kind: string}) => p.kind === 'digest-missing').key).toBe(
			's3://alice-bucket/AWSLogs/123456789123/CloudTrail-Digest/us-west-2/2020/09/11/123456789123_CloudTrail-Digest_us-west-2_leh-ct-test_us-west-2_20200911T183649Z.json.gz',
		);
		expect(report.logFiles.missing).toBe(3);
		expect(report.problems.find((p: {kind: string}) => p.kind === 'digest-signature-unavailable').detail).toContain('is not loaded either');
		const text = runCli(['verify', '-c', casePath]).stdout;
		expect(text).toContain('Signature unavailable: 1 digest arrived without S3 metadata');
	});

	it('escapes control characters from the evidence before they reach the terminal', async () => {
		const {verdictLine} = await import('../../source/verify/report-text.js');
		const line = verdictLine({subject: 'log', outcome: 'modified', problem: true, bucket: 'b', key: 'AWSLogs/\u001b]0;pwned\u0007x.json.gz', detail: "hash value doesn't match\u009b2J"});
		expect(line).toBe("Log file\ts3://b/AWSLogs/\\x1b]0;pwned\\x07x.json.gz\tINVALID: hash value doesn't match\\x9b2J");
	});
});

describe('verify --fetch-keys against a CloudTrail endpoint on loopback', () => {
	let server: Server;
	let endpoint: string;
	const requests: {target: string; region: string; body: Record<string, unknown>}[] = [];

	beforeAll(async () => {
		const keys = JSON.parse(readFileSync(summary.publicKeysFile, 'utf8')) as {PublicKeyList: {Value: string; Fingerprint: string}[]};
		const body = (request: IncomingMessage) =>
			new Promise<string>((resolve) => {
				let text = '';
				request.on('data', (chunk) => (text += chunk));
				request.on('end', () => resolve(text));
			});
		server = createServer(async (request, response) => {
			const parsed = JSON.parse((await body(request)) || '{}') as Record<string, unknown>;
			const region = /Credential=[^/]+\/\d+\/([^/]+)\/cloudtrail\//.exec(String(request.headers['authorization']))?.[1] ?? '?';
			requests.push({target: String(request.headers['x-amz-target']), region, body: parsed});
			// Two pages, as ListPublicKeys paginates: aws-cli would read only the first one.
			const page = parsed['NextToken'] === 'page-2'
				? {PublicKeyList: [{Value: keys.PublicKeyList[0]!.Value, Fingerprint: keys.PublicKeyList[0]!.Fingerprint, ValidityStartTime: 1_780_000_000, ValidityEndTime: 1_900_000_000}]}
				: {PublicKeyList: [], NextToken: 'page-2'};
			response.writeHead(200, {'content-type': 'application/x-amz-json-1.1'});
			response.end(JSON.stringify(page));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

	it('lists the keys of every digest region, follows NextToken, and stores the key it used', async () => {
		const trail = copyTree(base, path.join(work, 'fetch'));
		rmSync(path.join(trail, 'public-keys.json'));
		const casePath = await importInto(path.join(work, 'fetch.duckdb'), [trail]);
		const env = {AWS_ACCESS_KEY_ID: 'AKIDLOOPBACK', AWS_SECRET_ACCESS_KEY: 'loopback-secret', AWS_EC2_METADATA_DISABLED: 'true', AWS_PROFILE: '', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null'};
		const offline = await runAsync(['verify', '-c', casePath, '--json'], env);
		expect(onlyJson(offline.stdout).digests.invalid).toBe(summary.digestFiles);

		const result = await runAsync(['verify', '-c', casePath, '--fetch-keys', '--endpoint', endpoint, '--json'], env);
		expect(result.status, result.stderr).toBe(0);
		expect(onlyJson(result.stdout)).toMatchObject({passed: true, keys: {used: [summary.fingerprint]}});
		expect(requests.every((r) => r.target === 'CloudTrail_20131101.ListPublicKeys')).toBe(true);
		expect(requests.map((r) => `${r.region} ${r.body['NextToken'] ?? '-'}`)).toEqual(['eu-west-1 -', 'eu-west-1 page-2', 'us-east-1 -', 'us-east-1 page-2']);
		expect(typeof requests[0]!.body['StartTime']).toBe('number');
		const stored = await query(casePath, `SELECT fingerprint, region, origin, valid_from FROM public_keys`);
		expect(stored).toEqual([{fingerprint: summary.fingerprint, region: 'eu-west-1', origin: `ListPublicKeys eu-west-1 at ${endpoint}`, valid_from: new Date(1_780_000_000_000)}]);
		const audit = await query(casePath, `SELECT arguments FROM audit_log WHERE command = 'verify' ORDER BY seq DESC LIMIT 1`);
		expect(JSON.parse(audit[0]!['arguments'] as string)).toMatchObject({fetchKeys: true, endpoint});
	});

	it('reports an unreachable endpoint as a key problem instead of crashing', async () => {
		const result = await runAsync(['verify', '-c', pristine, '--fetch-keys', '--endpoint', 'http://127.0.0.1:9', '--json'], {
			AWS_ACCESS_KEY_ID: 'AKIDLOOPBACK', AWS_SECRET_ACCESS_KEY: 'x', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
		});
		expect(result.status).toBe(3);
		const report = onlyJson(result.stdout);
		expect(report.problems.map((p: {kind: string}) => p.kind)).toEqual(['key-fetch-failed']);
		expect(report.digests.valid).toBe(summary.digestFiles);
	});
});
