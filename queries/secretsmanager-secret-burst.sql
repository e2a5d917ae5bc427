-- id: secretsmanager-secret-burst
-- title: Many secrets read by one principal
-- severity: high
-- tactic: credential-access
-- mitre: T1555.006
-- description: One principal reading five or more different Secrets Manager secrets within ten minutes
--   (GetSecretValue, successful or permission-denied), and every BatchGetSecretValue call, which fetches
--   many secrets at once. Applications read the few secrets they need again and again; harvesting reads
--   many different ones once.
-- thresholds: >= 5 distinct secretId values per principal in any 10-minute window.
-- references: https://attack.mitre.org/techniques/T1555/006/
--   https://stratus-red-team.cloud/attack-techniques/AWS/aws.credential-access.secretsmanager-retrieve-secrets/
-- false-positives: Secret rotation jobs, backup or migration tooling, and deploy pipelines that read
--   every secret of an application.
WITH reads AS (
  SELECT event_key, event_time, event_name, coalesce(principal_role_arn, principal_arn, user_name) AS principal,
         (request_parameters->>'$.secretId') AS secret
  FROM events
  WHERE event_source = 'secretsmanager.amazonaws.com' AND event_name IN ('GetSecretValue', 'BatchGetSecretValue')
    AND (error_code IS NULL OR error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%')
),
windowed AS (
  SELECT *, count(DISTINCT secret) OVER (PARTITION BY principal ORDER BY event_time
              RANGE BETWEEN INTERVAL 10 MINUTES PRECEDING AND CURRENT ROW) AS secrets_in_window
  FROM reads
),
-- An event belongs to a burst when some 10-minute window holding it reaches the threshold: that
-- window ends within the 10 minutes after the event.
marked AS (
  SELECT event_key, event_name, secret, max(secrets_in_window) OVER (PARTITION BY principal ORDER BY event_time
              RANGE BETWEEN CURRENT ROW AND INTERVAL 10 MINUTES FOLLOWING) AS burst_size
  FROM windowed
)
SELECT e.event_key, e.event_id, e.event_time, e.event_name, e.identity_type, e.principal_arn, e.source_ip, e.error_code,
       m.secret, m.burst_size AS distinct_secrets
FROM marked AS m JOIN events AS e USING (event_key)
WHERE m.event_name = 'BatchGetSecretValue' OR m.burst_size >= 5
ORDER BY e.event_time, e.event_key
