/**
 * A small HTTP proxy in front of the loopback S3 server that injects the faults a real pull meets:
 * S3 error answers (503 SlowDown, 500, 403 AccessDenied with S3's XML body), connections cut in the
 * middle of a body, answers that never come (to kill or interrupt a pull at a known point), and actions
 * run just before forwarding (deleting the object between list and get).
 */
import http from 'node:http';
import type {AddressInfo, Socket} from 'node:net';

export type Fault =
	| {kind: 'error'; status: number; code: string; message?: string}
	| {kind: 'cut'}
	| {kind: 'hold'}
	| {kind: 'before'; run: () => Promise<void>};

export interface ProxiedRequest {
	method: string;
	bucket?: string;
	/** Object key (decoded) for object requests; undefined for bucket listings. */
	key?: string;
	/** The `prefix` of a listing. */
	prefix?: string;
	/** 1 for the first request for this method + path, 2 for the first retry… */
	attempt: number;
}

export const slowDown: Fault = {kind: 'error', status: 503, code: 'SlowDown', message: 'Please reduce your request rate.'};
export const internalError: Fault = {kind: 'error', status: 500, code: 'InternalError', message: 'We encountered an internal error. Please try again.'};
export const accessDenied: Fault = {kind: 'error', status: 403, code: 'AccessDenied', message: 'Access Denied'};

export class FaultProxy {
	/** When set, the proxy also answers STS GetCallerIdentity (as an endpoint that offers STS would). */
	callerArn?: string;
	/** Decides, per request, which fault (if any) to inject. */
	decide: (request: ProxiedRequest) => Fault | undefined = () => undefined;
	readonly stats = {requests: 0, objectGets: 0, served: 0, held: 0, injected: {} as Record<string, number>};
	private readonly attempts = new Map<string, number>();
	private readonly heldSockets = new Set<Socket>();

	private constructor(private readonly server: http.Server, readonly endpoint: string) {}

	static async start(upstream: string): Promise<FaultProxy> {
		const target = new URL(upstream);
		const server = http.createServer();
		server.listen(0, '127.0.0.1');
		await new Promise((resolve) => server.once('listening', resolve));
		const proxy = new FaultProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
		server.on('request', (request, response) => void proxy.handle(request, response, target));
		return proxy;
	}

	private count(kind: string): void {
		this.stats.injected[kind] = (this.stats.injected[kind] ?? 0) + 1;
	}

	private async handle(request: http.IncomingMessage, response: http.ServerResponse, target: URL): Promise<void> {
		this.stats.requests++;
		const url = new URL(request.url ?? '/', 'http://proxy');
		if (request.method === 'POST' && url.pathname === '/' && this.callerArn) {
			let form = '';
			for await (const chunk of request) form += chunk;
			if (new URLSearchParams(form).get('Action') === 'GetCallerIdentity') {
				const account = /::(\d{12}):/.exec(this.callerArn)?.[1] ?? '000000000000';
				const body = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${this.callerArn}</Arn><UserId>AROAEXAMPLE:analyst</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>sts-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
				response.writeHead(200, {'content-type': 'text/xml', 'content-length': Buffer.byteLength(body)});
				response.end(body);
				return;
			}
		}
		const [, bucket, ...rest] = url.pathname.split('/');
		const key = rest.length > 0 && rest.join('/') !== '' ? decodeURIComponent(rest.join('/')) : undefined;
		const id = `${request.method} ${url.pathname}${url.search}`;
		const attempt = (this.attempts.get(id) ?? 0) + 1;
		this.attempts.set(id, attempt);
		const isObjectGet = request.method === 'GET' && key !== undefined;
		if (isObjectGet) this.stats.objectGets++;
		const fault = this.decide({method: request.method ?? 'GET', bucket: bucket || undefined, key, prefix: url.searchParams.get('prefix') ?? undefined, attempt});
		if (fault?.kind === 'error') {
			this.count(fault.code);
			const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${fault.code}</Code><Message>${fault.message ?? fault.code}</Message><RequestId>FAULT</RequestId></Error>`;
			response.writeHead(fault.status, {'content-type': 'application/xml', 'content-length': Buffer.byteLength(body)});
			response.end(body);
			return;
		}
		if (fault?.kind === 'hold') {
			this.count('hold');
			this.stats.held++;
			this.heldSockets.add(request.socket);
			return;
		}
		if (fault?.kind === 'before') {
			this.count('before');
			await fault.run();
		}
		const upstream = http.request(
			{host: target.hostname, port: target.port, method: request.method, path: request.url, headers: request.headers},
			(answer) => {
				if (fault?.kind === 'cut' && answer.statusCode === 200) {
					this.count('cut');
					const length = Number(answer.headers['content-length'] ?? 0);
					const chunks: Buffer[] = [];
					answer.on('data', (chunk: Buffer) => chunks.push(chunk));
					answer.on('end', () => {
						// Headers promise the whole object; half of it arrives, then the connection drops.
						response.writeHead(200, answer.headers);
						response.write(Buffer.concat(chunks).subarray(0, Math.max(1, Math.floor(length / 2))));
						setTimeout(() => response.socket?.destroy(), 20);
					});
					return;
				}
				response.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(response);
				answer.on('end', () => {
					if (isObjectGet && answer.statusCode === 200) this.stats.served++;
				});
			},
		);
		upstream.on('error', () => response.destroy());
		request.pipe(upstream);
	}

	/** Forgets attempts and statistics and stops injecting (between tests). */
	reset(): void {
		this.decide = () => undefined;
		this.callerArn = undefined;
		this.attempts.clear();
		Object.assign(this.stats, {requests: 0, objectGets: 0, served: 0, held: 0, injected: {}});
	}

	/** Drops every held connection (the client sees a reset and, if still alive, retries). */
	releaseHeld(): void {
		for (const socket of this.heldSockets) socket.destroy();
		this.heldSockets.clear();
	}

	async close(): Promise<void> {
		this.releaseHeld();
		this.server.closeAllConnections();
		await new Promise((resolve) => this.server.close(resolve));
	}
}
