// Synthetic principals (spec §2.4) with their own source-IP and user-agent pools.
//
// Each principal renders its `userIdentity` JSON itself. Temporary-credential
// principals (assumed roles, console sessions, root) rotate their session once
// per hour: a fresh ASIA key, session name and creationDate, which is what an
// analyst sees in real trails. The rendered JSON is cached for the current hour
// because identity text is the largest fixed part of every record.

import { Rng } from './prng.js';
import { isoSeconds } from './layout.js';
import type { World } from './world.js';

/** Which family of API calls a principal makes; event templates list the personas allowed to use them. */
export type Persona = 'human' | 'console' | 'ci' | 'app' | 'lambda' | 'service' | 'svcrole' | 'monitor' | 'backup' | 'root';

export interface Principal {
  label: string;
  persona: Persona;
  type: 'IAMUser' | 'AssumedRole' | 'AWSService' | 'Root';
  account: string;
  /** ARN that appears in AccessDenied messages. */
  arn: string;
  userName?: string;
  /** AIDA…/AROA… unique ID of the user or role (no session part). */
  principalId?: string;
  /** Long-term key of an IAM user (AKIA…), if the principal uses one. */
  accessKeyId?: string;
  weight: number;
  ips: string[];
  /** JSON-encoded (quoted) user agents, ready to splice into records. */
  agents: string[];
  /** true when calls carry no tlsDetails (AWS services acting on the caller's behalf). */
  noTls: boolean;
  identity(rng: Rng, ms: number): string;
}

export const BROWSER_UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const CLI_UA = [
  'aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-1016-aws exe/x86_64.ubuntu.22 prompt/off',
  'aws-cli/2.17.18 md/awscrt#0.20.11 ua/2.0 os/macos#23.5.0 md/arch#arm64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard',
];
const BOTO_UA =
  'Boto3/1.34.84 md/Botocore#1.34.84 ua/2.0 os/linux#5.10.214 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython Botocore/1.34.84';
const JS_UA = 'aws-sdk-js/3.540.0 ua/2.0 os/linux#5.10.213 lang/js md/nodejs#20.12.0 api/s3#3.540.0';
const JAVA_UA =
  'aws-sdk-java/2.25.16 Linux/5.10.213 OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS Java/17.0.10 vendor/Amazon.com_Inc. io/sync http/Apache';
const TF_UA =
  'APN/1.0 HashiCorp/1.0 Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/5.42.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.26.0 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64';
const SSM_UA = 'aws-sdk-go/1.44.260 (go1.20.10; linux; amd64) amazon-ssm-agent/3.3.131.0';

const q = (s: string): string => JSON.stringify(s);

function awsIp(rng: Rng): string {
  return `${rng.pick([3, 18, 34, 35, 44, 52, 54])}.${rng.range(1, 254)}.${rng.range(0, 255)}.${rng.range(1, 254)}`;
}

/** Per-hour session state for temporary-credential principals. */
interface Session {
  hour: number;
  json: string;
}

function iamUser(w: World, rng: Rng, name: string, persona: Persona, weight: number, ips: string[], agents: string[]): Principal {
  const principalId = 'AIDA' + rng.upper(17);
  const accessKeyId = 'AKIA' + rng.upper(16);
  const arn = `arn:aws:iam::${w.account}:user/${name}`;
  const json =
    `{"type":"IAMUser","principalId":"${principalId}","arn":${q(arn)},"accountId":"${w.account}",` +
    `"accessKeyId":"${accessKeyId}","userName":${q(name)}}`;
  return {
    label: name, persona, type: 'IAMUser', account: w.account, arn, userName: name, principalId, accessKeyId,
    weight, ips, agents: agents.map(q), noTls: false, identity: () => json,
  };
}

/** Console session of an IAM user: temporary ASIA key plus MFA-authenticated session context. */
function consoleUser(base: Principal, weight: number): Principal {
  const principalId = base.principalId!;
  let s: Session = { hour: -1, json: '' };
  return {
    ...base, label: base.label + ' (console)', persona: 'console', accessKeyId: undefined, weight,
    agents: ['AWS Internal', 'console.amazonaws.com', BROWSER_UA].map(q),
    ips: [...base.ips, 'AWS Internal'],
    identity(r: Rng, ms: number): string {
      const hour = Math.floor(ms / 3_600_000);
      if (s.hour !== hour) {
        const created = isoSeconds(hour * 3_600_000 - r.range(60, 3000) * 1000);
        s = {
          hour,
          json:
            `{"type":"IAMUser","principalId":"${principalId}","arn":${q(base.arn)},"accountId":"${base.account}",` +
            `"accessKeyId":"ASIA${r.upper(16)}","userName":${q(base.userName!)},"sessionContext":{"sessionIssuer":{},` +
            `"webIdFederationData":{},"attributes":{"creationDate":"${created}","mfaAuthenticated":"true"}}}`,
        };
      }
      return s.json;
    },
  };
}

interface RoleSpec {
  role: string;
  persona: Persona;
  weight: number;
  sessions: string[];
  ips: string[];
  agents: string[];
  invokedBy?: string;
  mfa?: boolean;
  ec2?: boolean;
}

function assumedRole(w: World, rng: Rng, spec: RoleSpec): Principal {
  const roleId = 'AROA' + rng.upper(17);
  const roleArn = `arn:aws:iam::${w.account}:role/${spec.role}`;
  let s: Session = { hour: -1, json: '' };
  let session = spec.sessions[0];
  const principal: Principal = {
    label: spec.role, persona: spec.persona, type: 'AssumedRole', account: w.account,
    arn: `arn:aws:sts::${w.account}:assumed-role/${spec.role}/${session}`,
    weight: spec.weight, ips: spec.ips, agents: spec.agents.map(q), noTls: spec.invokedBy !== undefined,
    identity(r: Rng, ms: number): string {
      const hour = Math.floor(ms / 3_600_000);
      if (s.hour !== hour) {
        session = r.pick(spec.sessions);
        principal.arn = `arn:aws:sts::${w.account}:assumed-role/${spec.role}/${session}`;
        const created = isoSeconds(hour * 3_600_000 - r.range(60, 3000) * 1000);
        s = {
          hour,
          json:
            `{"type":"AssumedRole","principalId":${q(roleId + ':' + session)},"arn":${q(principal.arn)},` +
            `"accountId":"${w.account}","accessKeyId":"ASIA${r.upper(16)}","sessionContext":{"sessionIssuer":` +
            `{"type":"Role","principalId":"${roleId}","arn":${q(roleArn)},"accountId":"${w.account}","userName":${q(spec.role)}},` +
            `"webIdFederationData":{},"attributes":{"creationDate":"${created}","mfaAuthenticated":"${spec.mfa ? 'true' : 'false'}"}` +
            (spec.ec2 ? ',"ec2RoleDelivery":"2.0"' : '') +
            '}' +
            (spec.invokedBy ? `,"invokedBy":"${spec.invokedBy}"` : '') +
            '}',
        };
      }
      return s.json;
    },
  };
  return principal;
}

function awsService(w: World, service: string, weight: number): Principal {
  const json = `{"type":"AWSService","invokedBy":"${service}"}`;
  return {
    label: service, persona: 'service', type: 'AWSService', account: w.account, arn: service,
    weight, ips: [service], agents: [q(service)], noTls: true, identity: () => json,
  };
}

function root(w: World, rng: Rng, ips: string[]): Principal {
  let s: Session = { hour: -1, json: '' };
  return {
    label: 'root', persona: 'root', type: 'Root', account: w.account, arn: `arn:aws:iam::${w.account}:root`,
    weight: 0.04, ips, agents: [q(BROWSER_UA), q('AWS Internal')], noTls: false,
    identity(r: Rng, ms: number): string {
      const hour = Math.floor(ms / 3_600_000);
      if (s.hour !== hour) {
        const created = isoSeconds(hour * 3_600_000 - r.range(60, 3000) * 1000);
        s = {
          hour,
          json:
            `{"type":"Root","principalId":"${w.account}","arn":"arn:aws:iam::${w.account}:root","accountId":"${w.account}",` +
            `"accessKeyId":"ASIA${r.upper(16)}","sessionContext":{"sessionIssuer":{},"webIdFederationData":{},` +
            `"attributes":{"creationDate":"${created}","mfaAuthenticated":"true"}}}`,
        };
      }
      return s.json;
    },
  };
}

export interface Cast {
  principals: Principal[];
  /** IAM user whose long-term key the intrusion abuses (a CI user with a static key). */
  compromised: Principal;
  /** IAM user the attacker mints a new access key for. */
  victim: Principal;
}

/** Build the principals of one account. IPs never fall in 203.0.113.0/24 (reserved for the attacker). */
export function buildCast(w: World, rng: Rng): Cast {
  const office = Array.from({ length: 6 }, () => `198.51.100.${rng.range(10, 60)}`);
  const home = (): string[] => [rng.pick(office), `192.0.2.${rng.range(1, 254)}`];
  const pool = (n: number): string[] => Array.from({ length: n }, () => awsIp(rng));
  const people = ['alice.nguyen', 'bob.martin', 'carol.diaz', 'dmitri.volkov', 'emma.schulz'];

  const principals: Principal[] = [];
  for (const name of people) {
    const ips = home();
    if (name === 'dmitri.volkov') ips.push(`2001:db8:4f2a:1::${rng.hex(2)}`);
    const cli = iamUser(w, rng, name, 'human', 2, ips, [rng.pick(CLI_UA), BOTO_UA]);
    principals.push(cli, consoleUser(cli, 0.8));
  }
  const ciIps = pool(4);
  const compromised = iamUser(w, rng, 'ci-deploy', 'ci', 3, ciIps, [CLI_UA[0], BOTO_UA]);
  const victim = iamUser(w, rng, 'backup-admin', 'backup', 0.6, pool(1), [BOTO_UA]);
  principals.push(
    compromised,
    victim,
    iamUser(w, rng, 'terraform', 'ci', 3, pool(2), [TF_UA]),
    iamUser(w, rng, 'monitoring-exporter', 'monitor', 5, pool(2), [BOTO_UA, JAVA_UA]),
  );
  const sso = w.roles.filter((r) => r.startsWith('AWSReservedSSO_'));
  const emails = people.map((p) => `${p}@example.com`);
  principals.push(
    assumedRole(w, rng, { role: sso[0], persona: 'console', weight: 4, sessions: emails.slice(0, 3), ips: [...office, 'AWS Internal'], agents: ['AWS Internal', BROWSER_UA, 'console.amazonaws.com'], mfa: false }),
    assumedRole(w, rng, { role: sso[1], persona: 'human', weight: 3, sessions: emails, ips: office, agents: [CLI_UA[1], BOTO_UA] }),
    assumedRole(w, rng, { role: 'app-prod-ec2-role', persona: 'app', weight: 6, sessions: w.instances.slice(0, 6), ips: pool(6), agents: [BOTO_UA, SSM_UA, JAVA_UA], ec2: true }),
    assumedRole(w, rng, { role: 'ecs-payments-task-role', persona: 'app', weight: 4, sessions: [rng.hex(16), rng.hex(16), rng.hex(16)], ips: pool(4), agents: [JAVA_UA] }),
    assumedRole(w, rng, { role: 'orders-ingest-lambda-role', persona: 'lambda', weight: 5, sessions: ['orders-ingest', 'etl-partitioner'], ips: pool(8), agents: [JS_UA, BOTO_UA] }),
    assumedRole(w, rng, { role: 'github-actions-deploy', persona: 'ci', weight: 2, sessions: ['GitHubActions'], ips: pool(5), agents: [JS_UA, CLI_UA[0]] }),
    assumedRole(w, rng, { role: 'AWSServiceRoleForConfig', persona: 'svcrole', weight: 3, sessions: ['AWSConfig-Describe'], ips: ['config.amazonaws.com'], agents: ['config.amazonaws.com'], invokedBy: 'config.amazonaws.com' }),
    awsService(w, 'lambda.amazonaws.com', 1.5),
    awsService(w, 'ec2.amazonaws.com', 0.8),
    awsService(w, 'ecs-tasks.amazonaws.com', 0.8),
    root(w, rng, [office[0]]),
  );
  return { principals, compromised, victim };
}
