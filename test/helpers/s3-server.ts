/**
 * A real S3 API server on loopback for tests (s3rver in a child process; see startLoopbackS3 in
 * source/bench/loopback-s3.ts for why it runs with --openssl-legacy-provider and two listing fixes).
 *
 *   const s3 = await startS3Server();
 *   await seedTrail(s3.client, 'trail', trailDir);
 *   runCli(['pull', 's3://trail', '--endpoint', s3.endpoint, ...], {env: s3.env});
 *   await s3.stop();
 */
import type {S3Client} from '@aws-sdk/client-s3';
import {loopbackClient, seedTrail, startLoopbackS3} from '../../source/bench/loopback-s3.js';

export {loopbackClient, seedTrail};

/** s3rver checks the access key but not the signature: tests pass a distinctive secret to prove it never leaks. */
export const CANARY_SECRET = 'canarySecret-7f3a9c1e-never-written';
export const CANARY_SESSION_TOKEN = 'canarySessionToken-5b2d8e4f-never-written';

export interface S3Server {
	endpoint: string;
	/** A client for seeding and inspecting. */
	client: S3Client;
	/** Environment for a CLI child: credentials for the SDK default chain, nothing from the host's AWS setup. */
	env: Record<string, string>;
	stop(): Promise<void>;
}

export async function startS3Server(): Promise<S3Server> {
	const server = await startLoopbackS3();
	const client = loopbackClient(server.endpoint);
	return {
		endpoint: server.endpoint,
		client,
		env: {
			AWS_ACCESS_KEY_ID: 'S3RVER',
			AWS_SECRET_ACCESS_KEY: CANARY_SECRET,
			AWS_SESSION_TOKEN: CANARY_SESSION_TOKEN,
			AWS_REGION: 'us-east-1',
			AWS_CONFIG_FILE: '/nonexistent/aws-config',
			AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials',
			AWS_EC2_METADATA_DISABLED: 'true',
		},
		async stop() {
			client.destroy();
			await server.stop();
		},
	};
}
