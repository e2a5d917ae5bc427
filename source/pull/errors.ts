import {TrailcaseError} from '../errors.js';
import type {Discovery} from './discover.js';
import {failureReason} from './retry.js';
import type {PullScope, PullTarget} from './scope.js';

/** A pull that cannot start (no credentials, no bucket, listing denied, nothing in scope): exit 1. */
export class PullError extends TrailcaseError {}

/** Turns a failure of the first listings into advice an analyst can act on. */
export function discoveryError(error: unknown, target: PullTarget): PullError {
	const name = (error as {name?: string}).name ?? '';
	const where = `s3://${target.bucket}/${target.prefix}AWSLogs/`;
	if (name === 'CredentialsProviderError' || /could not load credentials/i.test(String((error as Error).message))) {
		return new PullError('No AWS credentials found. Use --profile, AWS_PROFILE, environment variables, `aws sso login`, or an instance role.');
	}
	if (name === 'NoSuchBucket') return new PullError(`Bucket ${target.bucket} does not exist (at this endpoint).`);
	if (name === 'AccessDenied' || name === 'AllAccessDisabled') {
		return new PullError(`Listing ${where} was denied: the credentials need s3:ListBucket on arn:aws:s3:::${target.bucket}.`);
	}
	if (['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'ExpiredToken', 'TokenRefreshRequired', 'InvalidToken'].includes(name)) {
		return new PullError(`S3 rejected the credentials (${name}); refresh them (for SSO: aws sso login) and run the same command again.`);
	}
	return new PullError(`Cannot list ${where}: ${failureReason(error)}`);
}

export function nothingMatched(target: PullTarget, scope: PullScope, discovery: Discovery): PullError {
	const where = `s3://${target.bucket}/${target.prefix}AWSLogs/`;
	const {orgs, accounts, regions} = discovery.found;
	if (accounts.length === 0) {
		return new PullError(`No CloudTrail account folders under ${where}${scope.org ? ` for ${scope.org}` : ''}. Is the trail prefix right (s3://BUCKET/PREFIX, the part before AWSLogs/)?${orgs.length ? ` Organizations found: ${orgs.join(', ')}.` : ''}`);
	}
	return new PullError(
		`Nothing under ${where} matches the scope. Found accounts: ${accounts.join(', ')}${regions.length ? `; regions: ${regions.join(', ')}` : ''}${orgs.length ? `; organizations: ${orgs.join(', ')}` : ''}.`,
	);
}
