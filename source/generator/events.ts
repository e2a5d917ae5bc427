// Background (benign) record factory: picks a principal, a plausible API call
// for that principal and region, renders it, and applies the ~3 % error model.

import { WeightedTable, type Rng } from './prng.js';
import type { Cast, Principal } from './identities.js';
import { assembleRecord, tlsJson } from './record.js';
import type { World } from './world.js';
import type { Body, Ctx, Template } from './template.js';
import { COMPUTE } from './catalog-compute.js';
import { IDENTITY } from './catalog-identity.js';

export const CATALOG: readonly Template[] = [...COMPUTE, ...IDENTITY];

/** eventVersion per service where the template does not override it (spec §2.2: 1.08–1.10 in current trails). */
const VERSION: Record<string, string> = {
  'ec2.amazonaws.com': '1.10', 'iam.amazonaws.com': '1.09', 'sts.amazonaws.com': '1.08', 's3.amazonaws.com': '1.10',
  'signin.amazonaws.com': '1.09', 'ssm.amazonaws.com': '1.08', 'monitoring.amazonaws.com': '1.09',
};
const ERROR_RATE = 0.03;
/** Services reached through VPC endpoints by in-VPC workloads (sourceIPAddress becomes a private address). */
const VPCE_SERVICES = new Set(['s3.amazonaws.com', 'kms.amazonaws.com', 'ssm.amazonaws.com', 'logs.amazonaws.com']);

function host(source: string, region: string): string {
  const svc = source.slice(0, -'.amazonaws.com'.length);
  switch (svc) {
    case 'iam': return 'iam.amazonaws.com';
    case 'ecr': return `api.ecr.${region}.amazonaws.com`;
    case 'signin': return 'signin.aws.amazon.com';
    default: return `${svc}.${region}.amazonaws.com`;
  }
}

/** IAM action prefix and action name for AccessDenied messages. */
function iamAction(t: Template): string {
  const prefix = t.source.startsWith('monitoring.') ? 'cloudwatch' : t.source.slice(0, t.source.indexOf('.'));
  return `${prefix}:${t.name.replace(/\d{8}(v\d+)?$/, '')}`;
}

interface Failure {
  code: string;
  message: string;
}

function failure(rng: Rng, t: Template, p: Principal, target: string): Failure {
  const roll = rng.float();
  const action = iamAction(t);
  if (t.source === 'ec2.amazonaws.com') {
    return roll < 0.6
      ? { code: 'Client.UnauthorizedOperation', message: `You are not authorized to perform this operation. User: ${p.arn} is not authorized to perform: ${action} because no identity-based policy allows the ${action} action. Encoded authorization failure message: ${Buffer.from(rng.hex(90), 'hex').toString('base64')}` }
      : { code: 'Client.RequestLimitExceeded', message: 'Request limit exceeded.' };
  }
  if (t.source === 's3.amazonaws.com') {
    return roll < 0.6 || !t.data ? { code: 'AccessDenied', message: 'Access Denied' } : { code: 'NoSuchKey', message: 'The specified key does not exist.' };
  }
  if (roll < 0.55) {
    return { code: 'AccessDenied', message: `User: ${p.arn} is not authorized to perform: ${action} on resource: ${target} because no identity-based policy allows the ${action} action` };
  }
  if (roll < 0.85) return { code: 'ThrottlingException', message: 'Rate exceeded' };
  return t.source === 'iam.amazonaws.com'
    ? { code: 'NoSuchEntityException', message: 'The role with name legacy-deployer cannot be found.' }
    : { code: 'ResourceNotFoundException', message: 'Requested resource not found' };
}

interface AccountModel {
  world: World;
  principals: WeightedTable<Principal>;
  /** Per principal: template table for the global region and for other regions. */
  tables: Map<Principal, { global?: WeightedTable<Template>; regional?: WeightedTable<Template> }>;
  vpce: Map<string, string>;
}

export class BackgroundFactory {
  private readonly accounts: AccountModel[];

  constructor(worlds: World[], casts: Cast[], private readonly globalRegion: string, rng: Rng) {
    this.accounts = worlds.map((world, i) => ({
      world,
      principals: new WeightedTable(casts[i].principals, casts[i].principals.map((p) => p.weight)),
      tables: new Map(),
      vpce: new Map([...VPCE_SERVICES].map((s) => [s, `vpce-0${rng.hex(8)}`])),
    }));
  }

  private templates(m: AccountModel, p: Principal, isGlobal: boolean): WeightedTable<Template> {
    let entry = m.tables.get(p);
    if (!entry) m.tables.set(p, (entry = {}));
    const cached = isGlobal ? entry.global : entry.regional;
    if (cached) return cached;
    const usable = CATALOG.filter((t) => t.who.includes(p.persona) && (isGlobal || !t.global));
    const table = new WeightedTable(usable, usable.map((t) => t.weight));
    if (isGlobal) entry.global = table;
    else entry.regional = table;
    return table;
  }

  /** One background record for account `a` in `region` at time `ms`, as compact JSON. */
  record(rng: Rng, a: number, region: string, ms: number): string {
    const m = this.accounts[a];
    const p = m.principals.pick(rng);
    const t = this.templates(m, p, region === this.globalRegion).pick(rng);
    const c: Ctx = { rng, w: m.world, p, region, ms };
    const b: Body = t.build(c);
    const identityJson = b.identity ?? p.identity(rng, ms);
    let ip = b.ip ?? rng.pick(p.ips);
    let agentJson = b.agent !== undefined ? JSON.stringify(b.agent) : rng.pick(p.agents);
    let tls = !p.noTls && ip !== 'AWS Internal';
    let vpcEndpointId: string | undefined;
    if (b.via) {
      ip = b.via;
      agentJson = `"${b.via}"`;
      tls = false;
    } else if (p.persona === 'app' && VPCE_SERVICES.has(t.source) && rng.chance(0.35)) {
      ip = `10.20.${rng.range(0, 15)}.${rng.range(4, 250)}`;
      vpcEndpointId = m.vpce.get(t.source);
    }
    if (t.data && t.source === 's3.amazonaws.com' && agentJson.startsWith('"') && rng.chance(0.85)) {
      agentJson = `"[${agentJson.slice(1, -1)}]"`; // S3 data events bracket the SDK user agent
    }
    let errorCode = b.errorCode;
    let errorMessage = b.errorMessage;
    let responseJson = b.resp ?? 'null';
    let resourcesJson = b.res;
    if (errorCode === undefined && errorMessage === undefined && rng.chance(t.errorRate ?? ERROR_RATE)) {
      const f = failure(rng, t, p, b.target ?? '*');
      errorCode = f.code;
      errorMessage = f.message;
      responseJson = 'null';
      if (!t.data) resourcesJson = undefined; // denied data events still name the object they targeted
    }
    return assembleRecord({
      version: t.version ?? VERSION[t.source] ?? '1.09',
      identityJson, ms, source: t.source, name: t.name, region, ip, agentJson,
      errorCode, errorMessageJson: errorMessage === undefined ? undefined : JSON.stringify(errorMessage),
      requestJson: b.req, responseJson, additionalJson: b.extra,
      requestId: t.noRequestId ? undefined : (b.requestId ?? rng.uuid()),
      eventId: rng.uuid(), readOnly: t.readOnly, resourcesJson,
      eventType: t.eventType ?? 'AwsApiCall', apiVersion: t.apiVersion,
      management: !t.data, recipient: m.world.account, vpcEndpointId,
      category: t.data ? 'Data' : 'Management',
      tlsJson: tls ? tlsJson(b.host ?? host(t.source, region), rng.chance(0.85)) : undefined,
      consoleCredential: p.persona === 'console' && tls && rng.chance(0.05),
    });
  }
}
