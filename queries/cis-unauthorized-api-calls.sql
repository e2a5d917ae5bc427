-- id: cis-unauthorized-api-calls
-- title: Unauthorized API calls
-- severity: low
-- tactic: discovery
-- mitre: T1078.004, T1580
-- description: API calls refused with an authorization error (errorCode "*UnauthorizedOperation" or
--   "AccessDenied*"), the CIS AWS Foundations Benchmark monitoring control 4.1 (3.1 in v1.x). Calls made
--   by AWS services on a caller's behalf (sourceIPAddress ending in .amazonaws.com) and HeadBucket probes
--   are left out, as the benchmark's filter does. A stolen key is often first seen here, probing what it
--   may do; see access-denied-burst for the pattern.
-- references: https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-2
--   https://www.cisecurity.org/benchmark/amazon_web_services
-- false-positives: Misconfigured applications and least-privilege tuning produce steady AccessDenied
--   noise; read the principal and event name before the count.
SELECT event_key, event_id, event_time, event_source, event_name, identity_type, principal_arn, source_ip,
       error_code, error_message
FROM events
WHERE (error_code LIKE '%UnauthorizedOperation' OR error_code LIKE 'AccessDenied%')
  AND coalesce(source_ip, '') NOT LIKE '%.amazonaws.com'
  AND NOT (event_source = 's3.amazonaws.com' AND event_name = 'HeadBucket')
ORDER BY event_time, event_key
