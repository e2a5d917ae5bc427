// Assembles one CloudTrail record as compact JSON text (spec §2.3).
//
// Records are concatenated from pre-encoded fragments instead of going through
// JSON.stringify of a full object: at a million records this is the difference
// between seconds and tens of seconds. Every fragment passed in as "Json" must
// already be valid JSON; plain strings are assumed to be JSON-safe identifiers
// (times, IDs, service names) and are quoted here without escaping.
// Field order follows what CloudTrail emits.

import { isoSeconds } from './layout.js';

export interface RecordParts {
  version: string;
  identityJson: string;
  ms: number;
  source: string;
  name: string;
  region: string;
  ip: string;
  /** JSON-encoded user agent (already quoted); omitted when undefined. */
  agentJson?: string;
  errorCode?: string;
  /** JSON-encoded error message (already quoted). */
  errorMessageJson?: string;
  requestJson: string;
  responseJson: string;
  additionalJson?: string;
  requestId?: string;
  eventId: string;
  readOnly: boolean;
  resourcesJson?: string;
  eventType: string;
  apiVersion?: string;
  management: boolean;
  recipient: string;
  sharedEventId?: string;
  vpcEndpointId?: string;
  category: 'Management' | 'Data';
  tlsJson?: string;
  consoleCredential?: boolean;
}

export function assembleRecord(p: RecordParts): string {
  let s =
    `{"eventVersion":"${p.version}","userIdentity":${p.identityJson},"eventTime":"${isoSeconds(p.ms)}",` +
    `"eventSource":"${p.source}","eventName":"${p.name}","awsRegion":"${p.region}","sourceIPAddress":"${p.ip}"`;
  if (p.agentJson !== undefined) s += `,"userAgent":${p.agentJson}`;
  if (p.errorCode !== undefined) s += `,"errorCode":"${p.errorCode}"`;
  // A failed ConsoleLogin carries an errorMessage without errorCode.
  if (p.errorMessageJson !== undefined) s += `,"errorMessage":${p.errorMessageJson}`;
  s += `,"requestParameters":${p.requestJson},"responseElements":${p.responseJson}`;
  if (p.additionalJson !== undefined) s += `,"additionalEventData":${p.additionalJson}`;
  if (p.requestId !== undefined) s += `,"requestID":"${p.requestId}"`;
  s += `,"eventID":"${p.eventId}","readOnly":${p.readOnly}`;
  if (p.resourcesJson !== undefined) s += `,"resources":${p.resourcesJson}`;
  s += `,"eventType":"${p.eventType}"`;
  if (p.apiVersion !== undefined) s += `,"apiVersion":"${p.apiVersion}"`;
  s += `,"managementEvent":${p.management},"recipientAccountId":"${p.recipient}"`;
  if (p.sharedEventId !== undefined) s += `,"sharedEventID":"${p.sharedEventId}"`;
  if (p.vpcEndpointId !== undefined) s += `,"vpcEndpointId":"${p.vpcEndpointId}"`;
  s += `,"eventCategory":"${p.category}"`;
  if (p.tlsJson !== undefined) s += `,"tlsDetails":${p.tlsJson}`;
  if (p.consoleCredential) s += `,"sessionCredentialFromConsole":"true"`;
  return s + '}';
}

/** tlsDetails object as CloudTrail writes it. */
export function tlsJson(host: string, tls13: boolean): string {
  return tls13
    ? `{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"${host}"}`
    : `{"tlsVersion":"TLSv1.2","cipherSuite":"ECDHE-RSA-AES128-GCM-SHA256","clientProvidedHostHeader":"${host}"}`;
}

/** CloudTrail-style console date used inside some responseElements ("Nov 2, 2026, 3:04:05 PM"). */
export function consoleDate(ms: number): string {
  const d = new Date(ms);
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const h = d.getUTCHours();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  const ss = String(d.getUTCSeconds()).padStart(2, '0');
  return `${mon} ${d.getUTCDate()}, ${d.getUTCFullYear()}, ${h12}:${mm}:${ss} ${h < 12 ? 'AM' : 'PM'}`;
}
